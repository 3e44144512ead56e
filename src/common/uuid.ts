const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether an id can be a row id at all: anything else is NOT_FOUND before it reaches SQL. */
export const isUuid = (s: string): boolean => UUID.test(s);
