import { InputNumber, type InputNumberProps } from 'antd';

/** An amount in yuan as the API's Money string ("12800.50"): never a float on the way. */
export function MoneyInput(props: Omit<InputNumberProps<string>, 'stringMode'>) {
  return <InputNumber<string> {...props} stringMode min="0" precision={2} step="100" addonAfter="元" style={{ width: '100%' }} />;
}

export const moneyRules = (label: string) => [
  { required: true, message: `请输入${label}` },
  { pattern: /^\d+(\.\d{1,2})?$/, message: `${label}最多两位小数` },
];
