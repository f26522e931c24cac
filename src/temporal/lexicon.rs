//! The words the temporal rules know, written in normalized form (the form
//! `crate::text::normalize_word` gives: bare alef, ه for ة, ي for ى; a test checks this).
//!
//! One table maps each word to every sense it can have, so the scanner looks a token up once.
//! Proclitics (و ف ب ل and their pairs) are stripped only for the senses that take them.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::base::hash::{hash_str, key_of_hash};
use crate::base::table::KeyTable;
use crate::text::clitic;
use crate::timex::Reference;

/// Which calendar a month or year belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Calendar {
    #[default]
    Gregorian,
    Hijri,
}

/// How much context a month name needs before it is taken as a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Trust {
    /// Only ever a month (يناير، حزيران، جويلية).
    Sure,
    /// Also a common word or a first name (مارس "he practised", مايو, رمضان): needs a day, a
    /// year, شهر, a paired month name, or a cue word (في، منذ، خلال ...) just before it.
    Cue,
    /// Mostly something else (آب "father", صفر "zero", رجب a first name): needs a day, a year,
    /// شهر or a paired month name.
    Strict,
}

/// A time unit a relative expression counts in: the TIMEX3 duration's unit.
pub(super) use crate::timex::Unit;

/// A day relative to the day of writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RelDay {
    Today,
    Yesterday,
    Tomorrow,
    Tonight,
}

/// A part of the day, with the TIMEX3 code used in values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DayPart {
    Morning,
    Noon,
    Afternoon,
    Evening,
    Night,
    Dawn,
}

impl DayPart {
    /// The TIMEX3 part of the day.
    pub(super) fn timex(self) -> crate::timex::DayPart {
        use crate::timex::DayPart as T;
        match self {
            DayPart::Morning | DayPart::Dawn => T::Morning,
            DayPart::Noon => T::Midday,
            DayPart::Afternoon => T::Afternoon,
            DayPart::Evening => T::Evening,
            DayPart::Night => T::Night,
        }
    }

    /// The 24-hour clock hour for `hour` said with this part of the day ("3 مساء" is 15).
    pub(super) fn adjust(self, hour: u8) -> u8 {
        match self {
            DayPart::Morning | DayPart::Dawn => {
                if hour == 12 {
                    0
                } else {
                    hour
                }
            }
            DayPart::Noon => {
                if (1..=5).contains(&hour) {
                    hour + 12
                } else {
                    hour
                }
            }
            DayPart::Afternoon | DayPart::Evening => {
                if (1..=11).contains(&hour) {
                    hour + 12
                } else {
                    hour
                }
            }
            DayPart::Night => {
                if (6..=11).contains(&hour) {
                    hour + 12
                } else if hour == 12 {
                    0
                } else {
                    hour
                }
            }
        }
    }
}

/// How a scale word (ألف، مليون) is inflected; decides whether it means one or two of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ScaleForm {
    /// مليون، ألف.
    Plain,
    /// ملايين، آلاف: a number must come before it; alone it is vague ("millions").
    Plural,
    /// مليونان، مليونين: always two when no number comes before.
    Dual,
    /// مليونا، مليوني: two in construct ("مليونا دولار"), or accusative singular after a number
    /// ("عشرين مليونا").
    DualOrAccusative,
}

/// The base word of a currency name; the adjective after it may refine the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Currency {
    Dollar,
    Euro,
    Pound,
    Sterling,
    Riyal,
    Dirham,
    Dinar,
    Lira,
    Ruble,
    Yen,
    Yuan,
    Rupee,
    Franc,
    Krona,
    Peso,
    Shekel,
    Won,
    Ringgit,
    Baht,
    Zloty,
    Forint,
    Hryvnia,
    Tenge,
    Rand,
    Naira,
    Shilling,
    Taka,
    Dong,
}

impl Currency {
    /// The ISO 4217 code when the base word alone says it; `None` where several countries share
    /// the name (دينار، ريال، جنيه) and no adjective follows.
    pub(super) fn default_code(self) -> Option<&'static str> {
        Some(match self {
            Currency::Dollar => "USD",
            Currency::Euro => "EUR",
            Currency::Sterling => "GBP",
            Currency::Ruble => "RUB",
            Currency::Yen => "JPY",
            Currency::Yuan => "CNY",
            Currency::Shekel => "ILS",
            Currency::Won => "KRW",
            Currency::Ringgit => "MYR",
            Currency::Baht => "THB",
            Currency::Zloty => "PLN",
            Currency::Forint => "HUF",
            Currency::Hryvnia => "UAH",
            Currency::Tenge => "KZT",
            Currency::Rand => "ZAR",
            Currency::Naira => "NGN",
            Currency::Taka => "BDT",
            Currency::Dong => "VND",
            Currency::Pound
            | Currency::Riyal
            | Currency::Dirham
            | Currency::Dinar
            | Currency::Lira
            | Currency::Rupee
            | Currency::Franc
            | Currency::Krona
            | Currency::Peso
            | Currency::Shilling => return None,
        })
    }
}

/// Nationality adjectives that fix a currency's code, in normalized masculine form without ال
/// (the matcher strips ال and the feminine ـيه ending). Hand-curated from the currency names in
/// `shared/data/gazetteers/iso-codes/currencies.tsv`, which has no codes; the codes are ISO 4217.
pub(super) const CURRENCY_ADJECTIVES: &[(Currency, &str, &str)] = &[
    (Currency::Dollar, "امريكي", "USD"),
    (Currency::Dollar, "اميركي", "USD"),
    (Currency::Dollar, "كندي", "CAD"),
    (Currency::Dollar, "استرالي", "AUD"),
    (Currency::Dollar, "سنغافوري", "SGD"),
    (Currency::Dollar, "نيوزيلندي", "NZD"),
    (Currency::Dollar, "نيوزيلاندي", "NZD"),
    (Currency::Dollar, "تايواني", "TWD"),
    (Currency::Dollar, "ليبيري", "LRD"),
    (Currency::Dollar, "جامايكي", "JMD"),
    (Currency::Dollar, "زيمبابوي", "ZWL"),
    (Currency::Pound, "مصري", "EGP"),
    (Currency::Pound, "استرليني", "GBP"),
    (Currency::Pound, "سوداني", "SDG"),
    (Currency::Riyal, "سعودي", "SAR"),
    (Currency::Riyal, "قطري", "QAR"),
    (Currency::Riyal, "عماني", "OMR"),
    (Currency::Riyal, "يمني", "YER"),
    (Currency::Riyal, "ايراني", "IRR"),
    (Currency::Riyal, "برازيلي", "BRL"),
    (Currency::Dirham, "اماراتي", "AED"),
    (Currency::Dirham, "مغربي", "MAD"),
    (Currency::Dinar, "كويتي", "KWD"),
    (Currency::Dinar, "اردني", "JOD"),
    (Currency::Dinar, "عراقي", "IQD"),
    (Currency::Dinar, "بحريني", "BHD"),
    (Currency::Dinar, "ليبي", "LYD"),
    (Currency::Dinar, "تونسي", "TND"),
    (Currency::Dinar, "جزائري", "DZD"),
    (Currency::Dinar, "صربي", "RSD"),
    (Currency::Lira, "لبناني", "LBP"),
    (Currency::Lira, "سوري", "SYP"),
    (Currency::Lira, "تركي", "TRY"),
    (Currency::Ruble, "روسي", "RUB"),
    (Currency::Ruble, "بيلاروسي", "BYN"),
    (Currency::Yen, "ياباني", "JPY"),
    (Currency::Yuan, "صيني", "CNY"),
    (Currency::Rupee, "هندي", "INR"),
    (Currency::Rupee, "باكستاني", "PKR"),
    (Currency::Rupee, "اندونيسي", "IDR"),
    (Currency::Rupee, "نيبالي", "NPR"),
    (Currency::Rupee, "سريلانكي", "LKR"),
    (Currency::Franc, "سويسري", "CHF"),
    (Currency::Franc, "كونغولي", "CDF"),
    (Currency::Franc, "جيبوتي", "DJF"),
    (Currency::Krona, "سويدي", "SEK"),
    (Currency::Krona, "نرويجي", "NOK"),
    (Currency::Krona, "دنماركي", "DKK"),
    (Currency::Krona, "تشيكي", "CZK"),
    (Currency::Krona, "ايسلندي", "ISK"),
    (Currency::Peso, "مكسيكي", "MXN"),
    (Currency::Peso, "ارجنتيني", "ARS"),
    (Currency::Peso, "كولومبي", "COP"),
    (Currency::Peso, "تشيلي", "CLP"),
    (Currency::Peso, "شيلي", "CLP"),
    (Currency::Peso, "فلبيني", "PHP"),
    (Currency::Peso, "كوبي", "CUP"),
    (Currency::Won, "كوري", "KRW"),
    (Currency::Ringgit, "ماليزي", "MYR"),
    (Currency::Baht, "تايلندي", "THB"),
    (Currency::Shilling, "كيني", "KES"),
    (Currency::Shilling, "صومالي", "SOS"),
    (Currency::Shilling, "تنزاني", "TZS"),
];

/// One meaning a normalized word can have for the temporal rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sense {
    Month {
        month: u8,
        calendar: Calendar,
        trust: Trust,
    },
    /// First word of a two-word month name; the rules read the second word.
    MonthHead,
    /// A weekday, 0 = Sunday.
    Weekday(u8),
    /// Masculine ordinal (days of the month, centuries): الأول .. العاشر, العشرين, الثلاثين.
    Ordinal(u8),
    /// Feminine ordinal for clock hours: الواحدة .. الثانية عشرة.
    HourWord(u8),
    /// عشر / عشرة after a unit: the teens.
    Teen,
    /// A cardinal number word: units, tens, hundreds.
    Cardinal(u32),
    Scale {
        value: u64,
        form: ScaleForm,
    },
    /// المائة / المئة in "في المائة".
    Hundredth,
    Currency(Currency),
    /// The Latin "US" of "US$".
    UsPrefix,
    Relative(RelDay),
    /// A period noun; `definite` for الأسبوع / العام, not for عام / سنة.
    Period {
        unit: Unit,
        definite: bool,
    },
    /// عامي / سنتي / العامين: the dual, for year ranges.
    YearsDual,
    /// الماضي (-1), المقبل (+1), الحالي (0).
    Shift(i8),
    /// هذا / هذه before a period noun.
    This,
    /// التسعينيات: the decade's tens digit (9).
    Decade(u8),
    /// A part of the day. `adverb`: the accusative form that follows a clock time (صباحا);
    /// `noun`: the construct form that precedes a day (صباح اليوم).
    DayPart {
        part: DayPart,
        adverb: bool,
        noun: bool,
    },
    /// الساعة.
    Hour,
    /// والنصف / والربع / والثلث: minutes after the hour.
    Minutes(u8),
    /// إلا in "إلا ربعا".
    Minus,
    /// بتوقيت / التوقيت.
    Timezone,
    /// منتصف (also a month cue: منتصف يوليو).
    Middle,
    /// A word after which a bare month or year reads as a date (في، منذ، خلال، حتى ...).
    Cue,
    /// بعد, which also starts بعد غد.
    After,
    From,
    To,
    Between,
    And,
    /// شهر before a month name.
    MonthNoun,
    /// يوم before a weekday.
    DayNoun,
    /// الموافق between a weekday and its date.
    Equivalent,
    /// م / هـ / ميلادي / هجري after a year.
    Era(Calendar),
    /// ال glued to digits (القرن الـ21).
    Article,
    /// عشرات / مئات: a vague multiple (عشرات الملايين من الدولارات).
    Vague,
    /// A unit noun counted in durations (أيام, عاما, يومين), with its number form.
    UnitNoun {
        unit: Unit,
        form: ScaleForm,
    },
    /// منذ / قبل before a counted duration: that long ago.
    Ago,
    /// A vague reference (الآن, مؤخرا); `after_in`: only after في (في الماضي).
    Ref {
        reference: Reference,
        after_in: bool,
    },
    /// A noun that names a place or a rite after a weekday (سوق الجمعة, صلاة الجمعة).
    PlaceHead,
}

impl Sense {
    /// Whether some rule can start at a word with this sense. Frequent function words (في، و،
    /// إلى) only ever continue or precede an expression, so the scanner skips them quickly.
    pub(super) fn can_start(self) -> bool {
        !matches!(
            self,
            Sense::Cue
                | Sense::And
                | Sense::To
                | Sense::Era(_)
                | Sense::Article
                | Sense::Teen
                | Sense::Shift(_)
                | Sense::Minus
                | Sense::Equivalent
                | Sense::Hundredth
                | Sense::Currency(_)
                | Sense::Minutes(_)
                | Sense::Timezone
                | Sense::PlaceHead
        )
    }

    /// Whether the sense survives a stripped proclitic (والثلاثاء, بالأمس, وعشرين) rather than
    /// matching only the bare word; short function words and currency names do not, so بين is
    /// never ب + ين (yen).
    fn takes_clitic(self) -> bool {
        !matches!(
            self,
            Sense::Currency(_)
                | Sense::UsPrefix
                | Sense::Era(_)
                | Sense::Article
                | Sense::And
                | Sense::MonthHead
                | Sense::Teen
                | Sense::Between
                | Sense::From
        )
    }
}

struct Entry {
    word: &'static str,
    all: Vec<Sense>,
    with_clitic: Vec<Sense>,
}

/// The lexicon's words, found through the crate's key table: nearly every word of a text is
/// looked up, with and without its proclitics, and nearly none is there, which the table's
/// filter tells without probing.
struct Lexicon {
    index: KeyTable<'static, u32>,
    entries: Vec<Entry>,
}

/// The key of a word in [`Lexicon::index`].
#[inline]
fn key_of(word: &str) -> u32 {
    key_of_hash(hash_str(word))
}

impl Lexicon {
    #[inline]
    fn get(&self, word: &str) -> Option<&Entry> {
        let entry = self.entries.get(self.index.get(key_of(word))? as usize)?;
        // A key is a 32-bit hash: the word itself settles it.
        (entry.word == word).then_some(entry)
    }
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut at: HashMap<&'static str, usize> = HashMap::new();
        let mut entries: Vec<Entry> = Vec::new();
        for &(word, sense) in WORDS {
            let i = *at.entry(word).or_insert_with(|| {
                entries.push(Entry { word, all: Vec::new(), with_clitic: Vec::new() });
                entries.len() - 1
            });
            if let Some(entry) = entries.get_mut(i) {
                entry.all.push(sense);
                if sense.takes_clitic() {
                    entry.with_clitic.push(sense);
                }
            }
        }
        let index = KeyTable::from_entries(entries.iter().enumerate().map(|(i, e)| (key_of(e.word), i as u32)));
        Lexicon { index, entries }
    })
}

/// The senses of a normalized word, and how many leading bytes are a proclitic outside the
/// expression (`لل` + X reads as ل + الX, so `للعام` gives the stem starting at its second ل).
pub(super) fn lookup(word: &str) -> (usize, &'static [Sense]) {
    let table = lexicon();
    if let Some(entry) = table.get(word) {
        return (0, &entry.all);
    }
    // Every proclitic a date takes starts with و ف ب or ل (ك does not attach to one): most
    // words need no more lookups.
    if !["و", "ف", "ب", "ل"].iter().any(|letter| starts_with(word, letter)) {
        return (0, &[]);
    }
    // Shortest first (a bare و is tried before وب).
    for prefix in clitic::PROCLITICS.iter().filter(|p| !clitic::has_kaf(p)) {
        if let Some(stem) = strip_prefix(word, prefix) {
            if stem.chars().nth(1).is_none() {
                continue;
            }
            if let Some(entry) = table.get(stem) {
                if !entry.with_clitic.is_empty() {
                    return (prefix.len(), &entry.with_clitic);
                }
            }
        }
    }
    // لل + X: the article's alef is elided after the preposition ل.
    for prefix in ["لل", "ولل", "فلل"] {
        if let Some(rest) = strip_prefix(word, prefix) {
            let mut buf = [0u8; 64];
            let al = "ال".as_bytes();
            let total = al.len() + rest.len();
            if rest.is_empty() || total > buf.len() {
                continue;
            }
            buf[..al.len()].copy_from_slice(al);
            buf[al.len()..total].copy_from_slice(rest.as_bytes());
            if let Ok(stem) = std::str::from_utf8(&buf[..total]) {
                if let Some(entry) = table.get(stem) {
                    if !entry.with_clitic.is_empty() {
                        // Keep the article's ل inside the span: skip only the preposition.
                        return (prefix.len() - "ل".len(), &entry.with_clitic);
                    }
                }
            }
        }
    }
    (0, &[])
}

/// `word.starts_with(prefix)` for a prefix of a few bytes, compared in place (`str::starts_with`
/// calls `memcmp`, which costs more than the comparison here, done for nearly every word).
#[inline]
fn starts_with(word: &str, prefix: &str) -> bool {
    word.len() >= prefix.len() && word.bytes().zip(prefix.bytes()).all(|(a, b)| a == b)
}

/// `word.strip_prefix(prefix)`, through [`starts_with`].
#[inline]
fn strip_prefix<'w>(word: &'w str, prefix: &str) -> Option<&'w str> {
    if starts_with(word, prefix) {
        word.get(prefix.len()..)
    } else {
        None
    }
}

/// The currency code an adjective after `base` names, if any. `word` is normalized; ال and the
/// feminine ـيه / ـه ending are ignored.
pub(super) fn currency_adjective(base: Currency, word: &str) -> Option<&'static str> {
    let word = word.strip_prefix("ال").unwrap_or(word);
    // Feminine (لبنانية) and accusative (أمريكيا) endings.
    let word = word.strip_suffix('ه').or_else(|| word.strip_suffix('ا')).unwrap_or(word);
    CURRENCY_ADJECTIVES
        .iter()
        .find(|&&(b, adjective, _)| {
            let same_base = b == base || (base == Currency::Sterling && b == Currency::Pound);
            same_base && adjective == word
        })
        .map(|&(_, _, code)| code)
}

use Calendar::{Gregorian, Hijri};
use Sense::*;
use Trust::{Cue as NeedsCue, Strict, Sure};

const fn month(month: u8, trust: Trust) -> Sense {
    Month { month, calendar: Gregorian, trust }
}

const fn hijri(month: u8, trust: Trust) -> Sense {
    Month { month, calendar: Hijri, trust }
}

const fn scale(value: u64, form: ScaleForm) -> Sense {
    Scale { value, form }
}

const fn weekday(day: u8) -> Sense {
    Weekday(day)
}

const fn unit(unit: Unit, form: ScaleForm) -> Sense {
    UnitNoun { unit, form }
}

const fn part(part: DayPart, adverb: bool, noun: bool) -> Sense {
    Sense::DayPart { part, adverb, noun }
}

const THOUSAND: u64 = 1_000;
const MILLION: u64 = 1_000_000;
const BILLION: u64 = 1_000_000_000;
const TRILLION: u64 = 1_000_000_000_000;

/// Every word and its senses. Spelling variants that normalization does not fold are listed
/// separately (يونيو / يونيه, غرينتش / جرينتش).
const WORDS: &[(&str, Sense)] = &[
    // Gregorian months, Egyptian and Gulf series.
    ("يناير", month(1, Sure)),
    ("فبراير", month(2, Sure)),
    ("مارس", month(3, NeedsCue)),
    ("ابريل", month(4, Sure)),
    ("مايو", month(5, NeedsCue)),
    ("يونيو", month(6, Sure)),
    ("يونيه", month(6, Sure)),
    ("يوليو", month(7, Sure)),
    ("يوليه", month(7, Sure)),
    ("اغسطس", month(8, Sure)),
    ("سبتمبر", month(9, Sure)),
    ("اكتوبر", month(10, Sure)),
    ("نوفمبر", month(11, Sure)),
    ("ديسمبر", month(12, Sure)),
    // Moroccan spellings.
    ("يوليوز", month(7, Sure)),
    ("غشت", month(8, Sure)),
    ("شتنبر", month(9, Sure)),
    ("نونبر", month(11, Sure)),
    ("دجنبر", month(12, Sure)),
    // Syriac series (Levant, Iraq); كانون and تشرين take a second word.
    ("كانون", MonthHead),
    ("تشرين", MonthHead),
    ("شباط", month(2, Sure)),
    ("اذار", month(3, NeedsCue)),
    ("نيسان", month(4, NeedsCue)),
    ("ايار", month(5, Sure)),
    ("حزيران", month(6, Sure)),
    ("تموز", month(7, NeedsCue)),
    ("اب", month(8, Strict)),
    ("ايلول", month(9, Sure)),
    // Maghreb series from French.
    ("جانفي", month(1, Sure)),
    ("فيفري", month(2, Sure)),
    ("افريل", month(4, Sure)),
    ("ماي", month(5, NeedsCue)),
    ("جوان", month(6, NeedsCue)),
    ("جويليه", month(7, Sure)),
    ("اوت", month(8, Sure)),
    // Hijri months.
    ("محرم", hijri(1, NeedsCue)),
    ("المحرم", hijri(1, NeedsCue)),
    ("صفر", hijri(2, Strict)),
    ("ربيع", MonthHead),
    ("جمادي", MonthHead),
    ("رجب", hijri(7, Strict)),
    ("شعبان", hijri(8, NeedsCue)),
    ("رمضان", hijri(9, NeedsCue)),
    ("شوال", hijri(10, NeedsCue)),
    ("ذو", MonthHead),
    ("ذي", MonthHead),
    // Weekdays, Arabic.
    ("الاحد", weekday(0)),
    ("الاثنين", weekday(1)),
    ("الثلاثاء", weekday(2)),
    ("الثلثاء", weekday(2)),
    ("الاربعاء", weekday(3)),
    ("الخميس", weekday(4)),
    ("الجمعه", weekday(5)),
    ("السبت", weekday(6)),
    // Masculine ordinals.
    ("الاول", Ordinal(1)),
    ("الحادي", Ordinal(1)),
    ("الثاني", Ordinal(2)),
    ("الثالث", Ordinal(3)),
    ("الرابع", Ordinal(4)),
    ("الخامس", Ordinal(5)),
    ("السادس", Ordinal(6)),
    ("السابع", Ordinal(7)),
    ("الثامن", Ordinal(8)),
    ("التاسع", Ordinal(9)),
    ("العاشر", Ordinal(10)),
    ("العشرين", Ordinal(20)),
    ("العشرون", Ordinal(20)),
    ("الثلاثين", Ordinal(30)),
    ("الثلاثون", Ordinal(30)),
    ("عشر", Teen),
    ("عشره", Teen),
    // Feminine ordinals for hours.
    ("الواحده", HourWord(1)),
    ("الحاديه", HourWord(1)),
    ("الثانيه", HourWord(2)),
    ("الثالثه", HourWord(3)),
    ("الرابعه", HourWord(4)),
    ("الخامسه", HourWord(5)),
    ("السادسه", HourWord(6)),
    ("السابعه", HourWord(7)),
    ("الثامنه", HourWord(8)),
    ("التاسعه", HourWord(9)),
    ("العاشره", HourWord(10)),
    // Cardinals.
    ("واحد", Cardinal(1)),
    ("اثنان", Cardinal(2)),
    ("اثنين", Cardinal(2)),
    ("اثنا", Cardinal(2)),
    ("اثني", Cardinal(2)),
    ("ثلاث", Cardinal(3)),
    ("ثلاثه", Cardinal(3)),
    ("اربع", Cardinal(4)),
    ("اربعه", Cardinal(4)),
    ("خمس", Cardinal(5)),
    ("خمسه", Cardinal(5)),
    ("ست", Cardinal(6)),
    ("سته", Cardinal(6)),
    ("سبع", Cardinal(7)),
    ("سبعه", Cardinal(7)),
    ("ثمان", Cardinal(8)),
    ("ثماني", Cardinal(8)),
    ("ثمانيه", Cardinal(8)),
    ("تسع", Cardinal(9)),
    ("تسعه", Cardinal(9)),
    ("عشر", Cardinal(10)),
    ("عشره", Cardinal(10)),
    ("عشرون", Cardinal(20)),
    ("عشرين", Cardinal(20)),
    ("ثلاثون", Cardinal(30)),
    ("ثلاثين", Cardinal(30)),
    ("اربعون", Cardinal(40)),
    ("اربعين", Cardinal(40)),
    ("خمسون", Cardinal(50)),
    ("خمسين", Cardinal(50)),
    ("ستون", Cardinal(60)),
    ("ستين", Cardinal(60)),
    ("سبعون", Cardinal(70)),
    ("سبعين", Cardinal(70)),
    ("ثمانون", Cardinal(80)),
    ("ثمانين", Cardinal(80)),
    ("تسعون", Cardinal(90)),
    ("تسعين", Cardinal(90)),
    ("مائه", Cardinal(100)),
    ("مئه", Cardinal(100)),
    ("مائتان", Cardinal(200)),
    ("مائتين", Cardinal(200)),
    ("مئتان", Cardinal(200)),
    ("مئتين", Cardinal(200)),
    ("مائتا", Cardinal(200)),
    ("مئتا", Cardinal(200)),
    ("ثلاثمائه", Cardinal(300)),
    ("ثلاثمئه", Cardinal(300)),
    ("اربعمائه", Cardinal(400)),
    ("اربعمئه", Cardinal(400)),
    ("خمسمائه", Cardinal(500)),
    ("خمسمئه", Cardinal(500)),
    ("ستمائه", Cardinal(600)),
    ("ستمئه", Cardinal(600)),
    ("سبعمائه", Cardinal(700)),
    ("سبعمئه", Cardinal(700)),
    ("ثمانمائه", Cardinal(800)),
    ("ثمانمئه", Cardinal(800)),
    ("تسعمائه", Cardinal(900)),
    ("تسعمئه", Cardinal(900)),
    // Scales.
    ("الف", scale(THOUSAND, ScaleForm::Plain)),
    ("الاف", scale(THOUSAND, ScaleForm::Plural)),
    ("الفا", scale(THOUSAND, ScaleForm::DualOrAccusative)),
    ("الفي", scale(THOUSAND, ScaleForm::DualOrAccusative)),
    ("الفان", scale(THOUSAND, ScaleForm::Dual)),
    ("الفين", scale(THOUSAND, ScaleForm::Dual)),
    ("مليون", scale(MILLION, ScaleForm::Plain)),
    ("ملايين", scale(MILLION, ScaleForm::Plural)),
    ("مليونا", scale(MILLION, ScaleForm::DualOrAccusative)),
    ("مليوني", scale(MILLION, ScaleForm::DualOrAccusative)),
    ("مليونان", scale(MILLION, ScaleForm::Dual)),
    ("مليونين", scale(MILLION, ScaleForm::Dual)),
    ("مليار", scale(BILLION, ScaleForm::Plain)),
    ("مليارات", scale(BILLION, ScaleForm::Plural)),
    ("مليارا", scale(BILLION, ScaleForm::DualOrAccusative)),
    ("ملياري", scale(BILLION, ScaleForm::DualOrAccusative)),
    ("ملياران", scale(BILLION, ScaleForm::Dual)),
    ("مليارين", scale(BILLION, ScaleForm::Dual)),
    ("بليون", scale(BILLION, ScaleForm::Plain)),
    ("بلايين", scale(BILLION, ScaleForm::Plural)),
    ("تريليون", scale(TRILLION, ScaleForm::Plain)),
    ("تريليونات", scale(TRILLION, ScaleForm::Plural)),
    ("تريليونا", scale(TRILLION, ScaleForm::DualOrAccusative)),
    ("عشرات", Vague),
    ("مئات", Vague),
    ("الالاف", Vague),
    ("الملايين", Vague),
    ("المليارات", Vague),
    ("المائه", Hundredth),
    ("المئه", Hundredth),
    ("الميه", Hundredth),
    // Currencies.
    ("دولار", Currency(Currency::Dollar)),
    ("دولارا", Currency(Currency::Dollar)),
    ("دولارات", Currency(Currency::Dollar)),
    ("دولاران", Currency(Currency::Dollar)),
    ("دولارين", Currency(Currency::Dollar)),
    ("الدولار", Currency(Currency::Dollar)),
    ("الدولارات", Currency(Currency::Dollar)),
    ("US", UsPrefix),
    ("يورو", Currency(Currency::Euro)),
    ("اليورو", Currency(Currency::Euro)),
    ("يوروهات", Currency(Currency::Euro)),
    ("جنيه", Currency(Currency::Pound)),
    ("جنيها", Currency(Currency::Pound)),
    ("جنيهات", Currency(Currency::Pound)),
    ("الجنيه", Currency(Currency::Pound)),
    ("الجنيهات", Currency(Currency::Pound)),
    ("استرليني", Currency(Currency::Sterling)),
    ("الاسترليني", Currency(Currency::Sterling)),
    ("ريال", Currency(Currency::Riyal)),
    ("ريالا", Currency(Currency::Riyal)),
    ("ريالات", Currency(Currency::Riyal)),
    ("الريال", Currency(Currency::Riyal)),
    ("الريالات", Currency(Currency::Riyal)),
    ("درهم", Currency(Currency::Dirham)),
    ("درهما", Currency(Currency::Dirham)),
    ("دراهم", Currency(Currency::Dirham)),
    ("الدرهم", Currency(Currency::Dirham)),
    ("الدراهم", Currency(Currency::Dirham)),
    ("دينار", Currency(Currency::Dinar)),
    ("دينارا", Currency(Currency::Dinar)),
    ("دنانير", Currency(Currency::Dinar)),
    ("الدينار", Currency(Currency::Dinar)),
    ("الدنانير", Currency(Currency::Dinar)),
    ("ليره", Currency(Currency::Lira)),
    ("ليرات", Currency(Currency::Lira)),
    ("الليره", Currency(Currency::Lira)),
    ("الليرات", Currency(Currency::Lira)),
    ("روبل", Currency(Currency::Ruble)),
    ("روبلا", Currency(Currency::Ruble)),
    ("روبلات", Currency(Currency::Ruble)),
    ("الروبل", Currency(Currency::Ruble)),
    ("ين", Currency(Currency::Yen)),
    ("الين", Currency(Currency::Yen)),
    ("يوان", Currency(Currency::Yuan)),
    ("اليوان", Currency(Currency::Yuan)),
    ("روبيه", Currency(Currency::Rupee)),
    ("روبيات", Currency(Currency::Rupee)),
    ("الروبيه", Currency(Currency::Rupee)),
    ("فرنك", Currency(Currency::Franc)),
    ("فرنكا", Currency(Currency::Franc)),
    ("فرنكات", Currency(Currency::Franc)),
    ("الفرنك", Currency(Currency::Franc)),
    ("كرونه", Currency(Currency::Krona)),
    ("كرونا", Currency(Currency::Krona)),
    ("كرونات", Currency(Currency::Krona)),
    ("بيزو", Currency(Currency::Peso)),
    ("بيزوس", Currency(Currency::Peso)),
    ("شيكل", Currency(Currency::Shekel)),
    ("شيكلا", Currency(Currency::Shekel)),
    ("شيقل", Currency(Currency::Shekel)),
    ("شيقلا", Currency(Currency::Shekel)),
    ("شواكل", Currency(Currency::Shekel)),
    ("وون", Currency(Currency::Won)),
    ("رينغيت", Currency(Currency::Ringgit)),
    ("رينجيت", Currency(Currency::Ringgit)),
    ("باهت", Currency(Currency::Baht)),
    ("زلوتي", Currency(Currency::Zloty)),
    ("فورنت", Currency(Currency::Forint)),
    ("هريفنيا", Currency(Currency::Hryvnia)),
    ("تنغي", Currency(Currency::Tenge)),
    ("راند", Currency(Currency::Rand)),
    ("نايرا", Currency(Currency::Naira)),
    ("شلن", Currency(Currency::Shilling)),
    ("شلنا", Currency(Currency::Shilling)),
    ("تاكا", Currency(Currency::Taka)),
    ("دونغ", Currency(Currency::Dong)),
    // Relative days.
    ("اليوم", Relative(RelDay::Today)),
    ("امس", Relative(RelDay::Yesterday)),
    ("الامس", Relative(RelDay::Yesterday)),
    ("غدا", Relative(RelDay::Tomorrow)),
    ("الليله", Relative(RelDay::Tonight)),
    // Period nouns.
    ("الاسبوع", Period { unit: Unit::Week, definite: true }),
    ("الشهر", Period { unit: Unit::Month, definite: true }),
    ("العام", Period { unit: Unit::Year, definite: true }),
    ("السنه", Period { unit: Unit::Year, definite: true }),
    ("القرن", Period { unit: Unit::Century, definite: true }),
    ("عام", Period { unit: Unit::Year, definite: false }),
    ("سنه", Period { unit: Unit::Year, definite: false }),
    ("عامي", YearsDual),
    ("سنتي", YearsDual),
    ("العامين", YearsDual),
    ("السنتين", YearsDual),
    ("الماضي", Shift(-1)),
    ("الماضيه", Shift(-1)),
    ("المنصرم", Shift(-1)),
    ("المنصرمه", Shift(-1)),
    ("الفائت", Shift(-1)),
    ("الفائته", Shift(-1)),
    ("المقبل", Shift(1)),
    ("المقبله", Shift(1)),
    ("القادم", Shift(1)),
    ("القادمه", Shift(1)),
    ("الحالي", Shift(0)),
    ("الحاليه", Shift(0)),
    ("الجاري", Shift(0)),
    ("الجاريه", Shift(0)),
    ("هذا", This),
    ("هذه", This),
    // Decades, with and without the article (تسعينيات القرن الماضي).
    ("العشرينيات", Decade(2)),
    ("العشرينات", Decade(2)),
    ("الثلاثينيات", Decade(3)),
    ("الثلاثينات", Decade(3)),
    ("الاربعينيات", Decade(4)),
    ("الاربعينات", Decade(4)),
    ("الخمسينيات", Decade(5)),
    ("الخمسينات", Decade(5)),
    ("الستينيات", Decade(6)),
    ("الستينات", Decade(6)),
    ("السبعينيات", Decade(7)),
    ("السبعينات", Decade(7)),
    ("الثمانينيات", Decade(8)),
    ("الثمانينات", Decade(8)),
    ("التسعينيات", Decade(9)),
    ("التسعينات", Decade(9)),
    ("عشرينيات", Decade(2)),
    ("ثلاثينيات", Decade(3)),
    ("اربعينيات", Decade(4)),
    ("خمسينيات", Decade(5)),
    ("ستينيات", Decade(6)),
    ("سبعينيات", Decade(7)),
    ("ثمانينيات", Decade(8)),
    ("تسعينيات", Decade(9)),
    // Parts of the day.
    ("صباحا", part(DayPart::Morning, true, false)),
    ("صباح", part(DayPart::Morning, false, true)),
    ("مساء", part(DayPart::Evening, true, true)),
    ("مساءا", part(DayPart::Evening, true, false)),
    ("ظهرا", part(DayPart::Noon, true, false)),
    ("ظهر", part(DayPart::Noon, false, true)),
    ("عصرا", part(DayPart::Afternoon, true, false)),
    ("عصر", part(DayPart::Afternoon, false, true)),
    ("ليلا", part(DayPart::Night, true, false)),
    ("ليله", part(DayPart::Night, false, true)),
    ("فجرا", part(DayPart::Dawn, true, false)),
    ("فجر", part(DayPart::Dawn, false, true)),
    ("الساعه", Hour),
    ("والنصف", Minutes(30)),
    ("ونصف", Minutes(30)),
    ("وربع", Minutes(15)),
    ("وثلث", Minutes(20)),
    ("والربع", Minutes(15)),
    ("والثلث", Minutes(20)),
    ("الا", Minus),
    ("بتوقيت", Timezone),
    ("التوقيت", Timezone),
    ("توقيت", Timezone),
    ("منتصف", Middle),
    // Cues and connectors.
    ("في", Cue),
    ("منذ", Cue),
    ("خلال", Cue),
    ("حتي", Cue),
    ("مطلع", Cue),
    ("اوائل", Cue),
    ("اواخر", Cue),
    ("اواسط", Cue),
    ("نهايه", Cue),
    ("بدايه", Cue),
    ("بحلول", Cue),
    ("قبل", Cue),
    ("بعد", Cue),
    ("بعد", After),
    ("طيله", Cue),
    ("طوال", Cue),
    ("من", From),
    ("الي", To),
    ("حتي", To),
    ("بين", Between),
    ("و", And),
    ("شهر", MonthNoun),
    ("يوم", DayNoun),
    ("الموافق", Equivalent),
    ("م", Era(Gregorian)),
    ("ميلادي", Era(Gregorian)),
    ("ميلاديه", Era(Gregorian)),
    ("للميلاد", Era(Gregorian)),
    ("ه", Era(Hijri)),
    ("هجري", Era(Hijri)),
    ("هجريه", Era(Hijri)),
    ("للهجره", Era(Hijri)),
    ("ال", Article),
    // Unit nouns of durations: singular, accusative singular (after 11 and more), dual, plural.
    ("دقيقه", unit(Unit::Minute, ScaleForm::Plain)),
    ("دقيقتين", unit(Unit::Minute, ScaleForm::Dual)),
    ("دقيقتان", unit(Unit::Minute, ScaleForm::Dual)),
    ("دقائق", unit(Unit::Minute, ScaleForm::Plural)),
    ("ساعه", unit(Unit::Hour, ScaleForm::Plain)),
    ("ساعتين", unit(Unit::Hour, ScaleForm::Dual)),
    ("ساعتان", unit(Unit::Hour, ScaleForm::Dual)),
    ("ساعات", unit(Unit::Hour, ScaleForm::Plural)),
    ("يوم", unit(Unit::Day, ScaleForm::Plain)),
    ("يوما", unit(Unit::Day, ScaleForm::DualOrAccusative)),
    ("يومين", unit(Unit::Day, ScaleForm::Dual)),
    ("يومان", unit(Unit::Day, ScaleForm::Dual)),
    ("ايام", unit(Unit::Day, ScaleForm::Plural)),
    ("اسبوع", unit(Unit::Week, ScaleForm::Plain)),
    ("اسبوعا", unit(Unit::Week, ScaleForm::DualOrAccusative)),
    ("اسبوعين", unit(Unit::Week, ScaleForm::Dual)),
    ("اسبوعان", unit(Unit::Week, ScaleForm::Dual)),
    ("اسابيع", unit(Unit::Week, ScaleForm::Plural)),
    ("شهر", unit(Unit::Month, ScaleForm::Plain)),
    ("شهرا", unit(Unit::Month, ScaleForm::DualOrAccusative)),
    ("شهرين", unit(Unit::Month, ScaleForm::Dual)),
    ("شهران", unit(Unit::Month, ScaleForm::Dual)),
    ("اشهر", unit(Unit::Month, ScaleForm::Plural)),
    ("شهور", unit(Unit::Month, ScaleForm::Plural)),
    ("عام", unit(Unit::Year, ScaleForm::Plain)),
    ("عاما", unit(Unit::Year, ScaleForm::DualOrAccusative)),
    ("عامين", unit(Unit::Year, ScaleForm::Dual)),
    ("عامان", unit(Unit::Year, ScaleForm::Dual)),
    ("اعوام", unit(Unit::Year, ScaleForm::Plural)),
    ("سنه", unit(Unit::Year, ScaleForm::Plain)),
    ("سنوات", unit(Unit::Year, ScaleForm::Plural)),
    ("سنين", unit(Unit::Year, ScaleForm::Plural)),
    ("سنتين", unit(Unit::Year, ScaleForm::Dual)),
    ("سنتان", unit(Unit::Year, ScaleForm::Dual)),
    ("عقد", unit(Unit::Decade, ScaleForm::Plain)),
    ("عقدا", unit(Unit::Decade, ScaleForm::DualOrAccusative)),
    ("عقدين", unit(Unit::Decade, ScaleForm::Dual)),
    ("عقود", unit(Unit::Decade, ScaleForm::Plural)),
    ("قرن", unit(Unit::Century, ScaleForm::Plain)),
    ("قرنا", unit(Unit::Century, ScaleForm::DualOrAccusative)),
    ("قرنين", unit(Unit::Century, ScaleForm::Dual)),
    ("قرون", unit(Unit::Century, ScaleForm::Plural)),
    ("منذ", Ago),
    ("قبل", Ago),
    // Vague references.
    ("الان", Ref { reference: Reference::Present, after_in: false }),
    ("حاليا", Ref { reference: Reference::Present, after_in: false }),
    ("مؤخرا", Ref { reference: Reference::Past, after_in: false }),
    ("قريبا", Ref { reference: Reference::Future, after_in: false }),
    ("مستقبلا", Ref { reference: Reference::Future, after_in: false }),
    ("الماضي", Ref { reference: Reference::Past, after_in: true }),
    ("المستقبل", Ref { reference: Reference::Future, after_in: true }),
    // Places named after a weekday.
    ("سوق", PlaceHead),
    ("مسجد", PlaceHead),
    ("جامع", PlaceHead),
    ("شارع", PlaceHead),
    ("حي", PlaceHead),
    ("ساحه", PlaceHead),
    ("صلاه", PlaceHead),
    ("خطبه", PlaceHead),
];

#[cfg(test)]
pub(super) fn all_words() -> impl Iterator<Item = &'static str> {
    WORDS.iter().map(|&(w, _)| w).chain(CURRENCY_ADJECTIVES.iter().map(|&(_, w, _)| w))
}

#[cfg(test)]
mod index_tests {
    use super::*;

    #[test]
    fn every_word_is_found_and_no_other() {
        let table = lexicon();
        for &(word, sense) in WORDS {
            let entry = table.get(word).unwrap_or_else(|| panic!("{word} not found: two words share a key"));
            assert!(entry.all.contains(&sense), "{word}");
        }
        for word in ["", "ا", "xyz", "القاهره", "يناير2"] {
            assert!(table.get(word).is_none(), "{word}");
        }
    }
}
