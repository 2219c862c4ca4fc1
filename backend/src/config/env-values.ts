import { z } from 'zod';

/** An on/off environment variable. */
export const flag = z.enum(['0', '1', 'true', 'false']).transform(value => value === '1' || value === 'true');
/** An empty value (compose's `${VAR:-}`) means unset. */
export const emptyAsUnset = (value: unknown): unknown => value === '' ? undefined : value;
