import { IANAZone } from "luxon";

/**
 * Zone abbreviations read as fixed UTC offsets (luxon zone names). Only abbreviations with one
 * meaning in common use are here; the generic names (ET, PT, "eastern time") follow their zone's
 * daylight-saving rule. Words that are also ordinary English words (EAT, ART, CAT, WAT) are left
 * out: after a time they are far more often part of a title ("5pm eat dinner").
 */
const FIXED: Record<string, string> = {
  utc: "UTC",
  gmt: "UTC",
  z: "UTC",
  wet: "UTC+0",
  west: "UTC+1",
  cet: "UTC+1",
  cest: "UTC+2",
  eet: "UTC+2",
  eest: "UTC+3",
  msk: "UTC+3",
  pkt: "UTC+5",
  ict: "UTC+7",
  hkt: "UTC+8",
  sgt: "UTC+8",
  awst: "UTC+8",
  jst: "UTC+9",
  kst: "UTC+9",
  acst: "UTC+9:30",
  aest: "UTC+10",
  aedt: "UTC+11",
  nzst: "UTC+12",
  nzdt: "UTC+13",
  hst: "UTC-10",
  akst: "UTC-9",
  akdt: "UTC-8",
  pst: "UTC-8",
  pdt: "UTC-7",
  mst: "UTC-7",
  mdt: "UTC-6",
  est: "UTC-5",
  edt: "UTC-4",
  adt: "UTC-3",
  nst: "UTC-3:30",
  ndt: "UTC-2:30",
};

/** Generic zone names that follow the zone's own daylight-saving rule. */
const GENERIC: Record<string, string> = {
  et: "America/New_York",
  ct: "America/Chicago",
  mt: "America/Denver",
  pt: "America/Los_Angeles",
  eastern: "America/New_York",
  central: "America/Chicago",
  mountain: "America/Denver",
  pacific: "America/Los_Angeles",
};

/**
 * Abbreviations with more than one meaning in common use; a due phrase naming one is refused
 * rather than guessed: IST (India +05:30, Israel +02:00, Irish +01:00), CST (US Central −06:00,
 * China +08:00, Cuba −05:00), CDT (US Central −05:00, Cuba −04:00), BST (British +01:00,
 * Bangladesh +06:00), AST (Atlantic −04:00, Arabia +03:00), GST (Gulf +04:00, South Georgia −02:00).
 */
export const AMBIGUOUS_ZONES: Record<string, string> = {
  ist: "India, Israel or Irish time",
  cst: "US Central, China or Cuba time",
  cdt: "US Central or Cuba daylight time",
  bst: "British summer or Bangladesh time",
  ast: "Atlantic or Arabia time",
  gst: "Gulf or South Georgia time",
};

// Abbreviations and generic names must stand alone; "eastern", "central", … are zones only when
// "time" follows or nothing does ("5pm central park" is a title).
const ZONE_WORD = new RegExp(
  [
    "^\\s*\\(?\\s*(?:",
    "(?<offset>(?:utc|gmt)?\\s*(?<sign>[+\\-\\u2212])(?<hours>\\d{1,2})(?::?(?<minutes>\\d{2}))?)(?![\\d:])",
    `|(?<iana>[a-z]+(?:/[a-z0-9_+\\-]+)+)`,
    `|(?<abbr>${[...Object.keys(FIXED), ...Object.keys(AMBIGUOUS_ZONES), "et", "ct", "mt", "pt"].join("|")})\\b(?:\\s+time\\b)?`,
    "|(?<region>eastern|central|mountain|pacific)(?:\\s+time\\b|(?=\\s*(?:$|[,.;!?)])))",
    ")\\s*\\)?",
  ].join(""),
  "i",
);

/** A zone said right after a time: a luxon zone name, or an abbreviation too ambiguous to use. */
export type SaidZone =
  { zone: string; length: number; ambiguous?: undefined } | { ambiguous: string; meanings: string; length: number; zone?: undefined };

/**
 * Reads a zone at the start of `text` (what follows a time of day): a numeric offset ("+02:00",
 * "UTC+2", "GMT-05:30"), an IANA name ("Europe/Paris"), an abbreviation ("UTC", "JST", "CET") or a
 * generic US name ("ET", "pacific time"). Returns the luxon zone and how many characters it spans,
 * an ambiguous abbreviation ("IST") with its meanings, or undefined when no zone is there.
 */
export function readZone(text: string): SaidZone | undefined {
  const m = ZONE_WORD.exec(text);
  const g = m?.groups;
  if (!m || !g) return undefined;
  const length = m[0].replace(/\s+$/, "").length;
  if (g.offset !== undefined) {
    const hours = Number(g.hours);
    const minutes = Number(g.minutes ?? 0);
    // A bare "+2" without UTC/GMT could be anything ("5pm +2 guests"): offsets need the prefix or hh:mm.
    if (!/^(?:utc|gmt)/i.test(g.offset) && (g.hours?.length !== 2 || g.minutes === undefined)) return undefined;
    if (hours > 14 || minutes > 59) return undefined;
    const sign = g.sign === "+" ? "+" : "-";
    return { zone: hours === 0 && minutes === 0 ? "UTC" : `UTC${sign}${hours}${minutes ? `:${String(minutes).padStart(2, "0")}` : ""}`, length };
  }
  if (g.iana !== undefined) return IANAZone.isValidZone(g.iana) ? { zone: g.iana, length } : undefined;
  const word = (g.abbr ?? g.region ?? "").toLowerCase();
  const meanings = AMBIGUOUS_ZONES[word];
  if (meanings) return { ambiguous: word.toUpperCase(), meanings, length };
  const zone = FIXED[word] ?? GENERIC[word];
  return zone ? { zone, length } : undefined;
}
