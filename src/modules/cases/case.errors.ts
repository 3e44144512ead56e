import { AppError, ErrorCode } from '../../common/errors';

/** NOT_FOUND for a case the caller cannot see, so that ids reveal nothing. */
export const caseNotFound = () => new AppError(ErrorCode.NOT_FOUND, 'case not found');
export const caseForbidden = (what: string) => new AppError(ErrorCode.FORBIDDEN, `you may not ${what} on this case`);
export const caseChanged = () =>
  new AppError(ErrorCode.CONFLICT, 'the case was changed by someone else at the same time; reload it and try again');
export const caseClosed = (status: string) => new AppError(ErrorCode.CONFLICT, `the case is ${status}; it can no longer change`);
