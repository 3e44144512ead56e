import { makeIdCard } from '../../src/common/id-card';

let seq = 0;

/** A valid ID number no other test uses: home county `region`, a varying birth date and sequence. */
export function newIdCard(region = '411329'): string {
  seq++;
  const r = Math.floor(Math.random() * 1e9);
  const year = 1960 + (r % 40);
  const month = String(1 + (Math.floor(r / 40) % 12)).padStart(2, '0');
  const day = String(1 + (Math.floor(r / 480) % 28)).padStart(2, '0');
  const order = String((Math.floor(r / 13440) + seq) % 1000).padStart(3, '0');
  return makeIdCard(`${region}${year}${month}${day}${order}`);
}

/** A mobile number no other test uses. */
export function newPhone(): string {
  return `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
}

export function newWorkerInput(region = '411329') {
  return { phone: newPhone(), password: 'Worker#2026', realName: '赵测试', idCardNumber: newIdCard(region) };
}
