// Word tables shared by the language engine's grammars.

export const WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
export type WeekdayCode = (typeof WEEKDAY_CODES)[number];

/** Weekday words → ISO weekday number (Monday = 1). */
export const WEEKDAYS: Record<string, number> = {
  monday: 1,
  mon: 1,
  tuesday: 2,
  tue: 2,
  tues: 2,
  wednesday: 3,
  wed: 3,
  weds: 3,
  thursday: 4,
  thu: 4,
  thur: 4,
  thurs: 4,
  friday: 5,
  fri: 5,
  saturday: 6,
  sat: 6,
  sunday: 7,
  sun: 7,
};
export const WEEKDAY_PATTERN = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|weds|wed|thurs|thur|thu|fri|sat|sun";
/** Plural forms ("mondays") mean every such day. */
export const WEEKDAY_PLURAL_PATTERN = "mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays";

export const MONTHS: Record<string, number> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};
export const MONTH_PATTERN =
  "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec";

export const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  forty: 40,
  "forty-five": 45,
  fifty: 50,
  sixty: 60,
  ninety: 90,
  couple: 2,
  "a couple of": 2,
  "a few": 3,
  few: 3,
  several: 3,
};
export const NUMBER_PATTERN =
  "\\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty-five|forty|fifty|sixty|ninety|a couple of|couple of|a few|few|several";

export const ORDINAL_WORDS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  last: -1,
  "second to last": -2,
  penultimate: -2,
  "1st": 1,
  "2nd": 2,
  "3rd": 3,
  "4th": 4,
  "5th": 5,
};
export const ORDINAL_PATTERN = "first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th";

export function parseNumber(word: string): number | undefined {
  const cleaned = word
    .trim()
    .toLowerCase()
    .replace(/\s+of$/, "");
  if (/^\d+$/.test(cleaned)) return Number(cleaned);
  return NUMBER_WORDS[cleaned] ?? NUMBER_WORDS[cleaned.replace(/^a /, "")];
}

/** Day-of-month words: "5", "5th", "fifth", "twenty-first". */
const DAY_WORDS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  "twenty-first": 21,
  "twenty-second": 22,
  "twenty-third": 23,
  "twenty-fourth": 24,
  "twenty-fifth": 25,
  "twenty-sixth": 26,
  "twenty-seventh": 27,
  "twenty-eighth": 28,
  "twenty-ninth": 29,
  thirtieth: 30,
  "thirty-first": 31,
};
// A number that is the hour of a time ("3 March 14:15", "march 5 pm") is never a day of the month.
export const DAY_OF_MONTH_PATTERN =
  "(?:[0-3]?\\d(?:st|nd|rd|th)?|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first|twenty-second|twenty-third|twenty-fourth|twenty-fifth|twenty-sixth|twenty-seventh|twenty-eighth|twenty-ninth|thirtieth|thirty-first)\\b(?![:.]\\d)(?!\\s*(?:a\\.m\\.|p\\.m\\.|am|pm)\\b)";

export function parseDayOfMonth(word: string): number | undefined {
  const lower = word.toLowerCase();
  const n = /^(\d+)(?:st|nd|rd|th)?$/.exec(lower);
  const day = n ? Number(n[1]) : DAY_WORDS[lower];
  return day !== undefined && day >= 1 && day <= 31 ? day : undefined;
}
