// rrule 2.x ships CommonJS that Node's ESM loader cannot read named exports from; take the default.
import rrule from "rrule";

export const { RRule } = rrule;
export type RRule = InstanceType<typeof rrule.RRule>;
