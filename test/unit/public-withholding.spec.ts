import { withhold } from '../../src/modules/public/public-results.service';

/** 四公开 · 结果: small figures are withheld, and so are the figures that would give them away by subtraction. */
describe('withholding small figures among child units', () => {
  it('shows children from the minimum up when the withheld ones add up to none', () => {
    expect(withhold([5, 12, 0, 0], true, 5)).toEqual([true, true, false, false]);
  });

  it('withholds the smallest shown child too when the withheld ones add up to fewer than the minimum', () => {
    // parent 20 = 3 + 5 + 12: showing 5 and 12 would give away the 3
    expect(withhold([3, 5, 12], true, 5)).toEqual([false, false, true]);
  });

  it('withholds as many as it takes, smallest first', () => {
    expect(withhold([1, 2, 3, 6, 7, 40], true, 10)).toEqual([false, false, false, false, false, true]);
  });

  it('shows nothing when the parent itself is withheld', () => {
    expect(withhold([5, 6], false, 5)).toEqual([false, false]);
  });

  it('leaves the rest alone when the withheld ones reach the minimum together', () => {
    expect(withhold([2, 3, 9, 8], true, 5)).toEqual([false, false, true, true]);
  });
});
