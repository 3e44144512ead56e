import type { Locator, Page } from 'playwright-core';

/**
 * Driving antd 5 widgets the way a user does (click, type, pick), for the browser tests. Note that
 * antd puts a space between the two characters of a two-character button ("登 录").
 */
export function button(scope: Page | Locator, text: string): Locator {
  const re = new RegExp(`^\\s*${[...text].join('\\s*')}\\s*$`);
  return scope.getByRole('button', { name: re });
}

/** The open dialog with this title. */
export function dialog(page: Page, title: string): Locator {
  return page.locator('.ant-modal').filter({ has: page.locator('.ant-modal-title', { hasText: title }) });
}

/** Picks an option of an antd Select (single or multiple) by its visible text. */
export async function pick(page: Page, select: Locator, ...options: string[]): Promise<void> {
  await select.click();
  const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  await dropdown.locator('.ant-select-item-option').first().waitFor();
  for (const o of options) {
    const option = dropdown.locator('.ant-select-item-option', { hasText: o }).first();
    await option.scrollIntoViewIfNeeded();
    await option.click();
    // A multiple select keeps its dropdown open; a single one closes it once chosen.
    await select.locator('.ant-select-selection-item', { hasText: o }).first().waitFor();
  }
  if (await dropdown.count()) await select.locator('input').first().press('Escape');
}

/** Walks an antd Cascader level by level (province → … → village). */
export async function cascade(page: Page, cascader: Locator, ...labels: string[]): Promise<void> {
  await cascader.click();
  for (const [i, label] of labels.entries()) {
    const item = page.locator(`.ant-cascader-dropdown:visible .ant-cascader-menu:nth-child(${i + 1}) .ant-cascader-menu-item`, { hasText: label }).first();
    await item.click();
  }
  if (await page.locator('.ant-cascader-dropdown:visible').count()) await page.keyboard.press('Escape');
}

/**
 * Types into a searching antd Select and picks the option showing `text`. The options are
 * replaced as each search answers, so a click can land on a list that is going away: it is
 * tried again until the select shows the choice.
 */
export async function searchPick(page: Page, input: Locator, typed: string, text = typed): Promise<void> {
  const select = input.locator('xpath=ancestor::div[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');
  const chosen = select.locator('.ant-select-selection-item', { hasText: text });
  for (let attempt = 0; attempt < 5 && !(await chosen.count()); attempt++) {
    if (!(await input.inputValue())) await input.fill(typed);
    const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text }).first();
    await option.click().catch(() => undefined);
    await chosen.waitFor({ timeout: 2_000 }).catch(() => undefined);
  }
  await chosen.waitFor();
}

/** Types a day into an antd DatePicker. */
export async function pickDate(input: Locator, day: string): Promise<void> {
  await input.click();
  await input.fill(day);
  await input.press('Enter');
}

/** The error shown under a form field, found from its label. */
export function fieldError(scope: Page | Locator, label: string): Locator {
  const page = 'page' in scope && typeof scope.page === 'function' ? (scope as Locator).page() : (scope as Page);
  return scope.locator('.ant-form-item').filter({ has: page.locator('label', { hasText: label }) }).locator('.ant-form-item-explain-error');
}
