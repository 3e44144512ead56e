import { inZone } from '../../shared/format';

/**
 * Excel downloads (导出Excel) for the bureaus' reports. exceljs is large, so it is loaded only when
 * someone exports (its own chunk). Amounts become numbers with two decimals, never text; instants
 * become Excel dates showing the wall-clock time in Asia/Shanghai, whatever the browser's zone.
 */

export type CellValue = string | number | Date | null | undefined;

export interface SheetColumn<T> {
  header: string;
  value: (row: T) => CellValue;
  /** Column width in characters. */
  width?: number;
  /** Excel number format, e.g. MONEY_FORMAT or DATE_TIME_FORMAT. */
  format?: string;
}

export const MONEY_FORMAT = '#,##0.00';
export const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm';
export const DATE_FORMAT = 'yyyy-mm-dd';

/** A decimal money string ("12800.50") as a number for a cell; null stays empty. */
export function moneyCell(amount: string | null | undefined): number | null {
  if (amount == null || amount === '') return null;
  return Math.round(Number(amount) * 100) / 100;
}

/**
 * An instant as an Excel date: Excel dates have no zone, so the cell holds the Shanghai wall-clock
 * time (written as if it were UTC, which is how exceljs stores dates).
 */
export function shanghaiCell(instant: string | null | undefined): Date | null {
  if (!instant) return null;
  return new Date(`${inZone(instant).format('YYYY-MM-DDTHH:mm:ss')}Z`);
}

/** A calendar day ("YYYY-MM-DD") as an Excel date. */
export function dayCell(day: string | null | undefined): Date | null {
  return day ? new Date(`${day}T00:00:00Z`) : null;
}

/** Builds one sheet with a bold, frozen header row and downloads it as `<fileName>.xlsx`. */
export async function downloadXlsx<T>(fileName: string, sheetName: string, columns: SheetColumn<T>[], rows: T[]): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = '劳动保障监察平台';
  book.created = new Date();
  const sheet = book.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c, i) => ({ header: c.header, key: `c${i}`, width: c.width ?? 14, style: c.format ? { numFmt: c.format } : {} }));
  for (const row of rows) {
    sheet.addRow(Object.fromEntries(columns.map((c, i) => [`c${i}`, c.value(row) ?? null])));
  }
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).alignment = { vertical: 'middle', horizontal: 'center' };
  const buffer = await book.xlsx.writeBuffer();
  const blob = new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${fileName}.xlsx`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "案件清单-20261201-0930": a file name stamped with the Shanghai time of the export. */
export function stampedName(base: string): string {
  return `${base}-${inZone(new Date()).format('YYYYMMDD-HHmm')}`;
}
