import type { ColumnSpec } from './column-spec.ts';
import {
  asBigint,
  asBinary,
  asBoolean,
  asDate,
  asDecimal,
  asFloat,
  asInteger,
  asJson,
  asList,
  asString,
  asTime,
  asTimestamp,
  asUuid,
} from './converters.ts';
import type { Converter, ValueContext } from './value-context.ts';

/** The converter for one column, or null when the driver already hands over the final value. */
export function converterFor(spec: ColumnSpec, ctx: ValueContext, driverExact: boolean): Converter | null {
  switch (spec.type) {
    case 'string':
      return driverExact ? null : asString(ctx);
    case 'integer':
      return driverExact ? null : asInteger(ctx);
    case 'bigint':
      return asBigint(ctx);
    case 'decimal':
      return asDecimal(ctx, spec.scale);
    case 'float':
      // Also for an exact driver: one may read floats as text (MySQL, see its select-column.ts).
      return asFloat(ctx);
    case 'boolean':
      return asBoolean(ctx);
    case 'timestamp':
      // A zoned column's text without an offset is in the session zone, which is UTC.
      return asTimestamp(spec.zoned ? { ...ctx, timeZone: 'UTC' } : ctx, spec.zeroDates === true);
    case 'date':
      return asDate(ctx, spec.zeroDates === true);
    case 'time':
      return asTime;
    case 'binary':
      return asBinary(ctx);
    case 'json':
      return spec.element
        ? asList(converterFor(spec.element, ctx, false) ?? ((v) => v as never))
        : asJson(ctx);
    case 'uuid':
      return asUuid;
  }
}
