import { computed, inject, ref, shallowRef, type App, type InjectionKey } from 'vue'
import { fr, type MessageKey, type Messages } from './fr'

export type { MessageKey }

export const locales = ['fr', 'en'] as const
export type Locale = (typeof locales)[number]

/**
 * How each language's messages arrive. French, the default, is in the first bundle; English is a
 * chunk of its own, fetched when a reader asks for it (or comes back having chosen it), so that a
 * French reader's first page does not download and parse the English half of the catalogue.
 */
const loaders: Record<Locale, () => Promise<Messages>> = {
  fr: () => Promise.resolve(fr),
  en: () => import('./en').then((module) => module.en),
}

/** BCP 47 tags used for number and date formatting. */
const formatLocales: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' }

/** Each language named in itself, for the language switch. */
export const localeNames: Record<Locale, string> = { fr: 'Français', en: 'English' }

const storageKey = 'trajectoires.locale'

const isLocale = (value: unknown): value is Locale => locales.includes(value as Locale)

function storedLocale(): Locale | undefined {
  try {
    const value = globalThis.localStorage?.getItem(storageKey)
    return isLocale(value) ? value : undefined
  } catch {
    return undefined // storage can be disabled (private browsing, strict settings)
  }
}

type Params = Record<string, string | number>

/**
 * A small i18n: typed keys, `{name}` placeholders, plural forms chosen by `Intl.PluralRules` (a
 * whole message `singular|plural` by `count`, or `{name|singular|plural}` by any number), and
 * locale-aware number formatting. French is the default.
 */
export function createI18n(options: { locale?: Locale } = {}) {
  const wanted = options.locale ?? storedLocale() ?? 'fr'
  /** The catalogues loaded so far; the locale switches only once its catalogue is here. */
  const catalogues = shallowRef<Partial<Record<Locale, Messages>>>({ fr })
  const locale = ref<Locale>(wanted in catalogues.value ? wanted : 'fr')
  const numberFormats = computed(() => new Intl.NumberFormat(formatLocales[locale.value]))
  const pluralRules = computed(() => new Intl.PluralRules(formatLocales[locale.value]))

  function t(key: MessageKey, params: Params = {}): string {
    let text = catalogues.value[locale.value]?.[key] ?? fr[key] ?? key
    // `{name|singular|plural}`: the form that goes with the number `name`, for messages that count
    // several things (« {saved} {saved|situation enregistrée|situations enregistrées} »).
    text = text.replace(/\{(\w+)\|([^|{}]*)\|([^|{}]*)\}/g, (match, name: string, one: string, other: string) => {
      const value = params[name]
      if (typeof value !== 'number') return match
      return pluralRules.value.select(value) === 'one' ? one : other
    })
    if (text.includes('|') && typeof params.count === 'number') {
      const [one, other] = text.split('|') as [string, string]
      text = pluralRules.value.select(params.count) === 'one' ? one : other
    }
    return text.replace(/\{(\w+)\}/g, (match, name: string) => {
      const value = params[name]
      if (value === undefined) return match
      return typeof value === 'number' ? numberFormats.value.format(value) : value
    })
  }

  const n = (value: number) => numberFormats.value.format(value)

  const tag = () => formatLocales[locale.value]

  // Formatters made once per language and options: building an `Intl` formatter costs far more than
  // using one, and a page formats hundreds of figures and dates each time it renders (a CPU profile of
  // the overview's load on a throttled phone put `formatDate` first among the dashboard's functions).
  const numberFormatters = new Map<string, Intl.NumberFormat>()
  const dateFormatters = new Map<string, Intl.DateTimeFormat>()
  function numberFormatter(options: Intl.NumberFormatOptions): Intl.NumberFormat {
    const key = `${tag()} ${JSON.stringify(options)}`
    let formatter = numberFormatters.get(key)
    if (!formatter) numberFormatters.set(key, (formatter = new Intl.NumberFormat(tag(), options)))
    return formatter
  }
  function dateFormatter(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
    const key = `${tag()} ${JSON.stringify(options)}`
    let formatter = dateFormatters.get(key)
    if (!formatter) dateFormatters.set(key, (formatter = new Intl.DateTimeFormat(tag(), options)))
    return formatter
  }

  /** A number in the reader's locale: `1 234,5` in French, `1,234.5` in English. */
  function formatNumber(value: number, options: Intl.NumberFormatOptions = {}): string {
    return numberFormatter(options).format(value)
  }

  /** A ratio in [0, 1] as a percentage with `digits` decimals: `80,0 %` in French, `80.0%` in English. */
  function formatPercent(ratio: number, digits = 1): string {
    return numberFormatter({ style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
      ratio,
    )
  }

  /** A 95% interval of ratios: `[72,1 % ; 86,3 %]` in French, `[72.1%, 86.3%]` in English. */
  function formatInterval(low: number, high: number, digits = 1): string {
    const separator = locale.value === 'fr' ? ' ; ' : ', '
    return `[${formatPercent(low, digits)}${separator}${formatPercent(high, digits)}]`
  }

  /** A date (a `Date`, an ISO timestamp or an ISO `YYYY-MM-DD` day) in the reader's locale. */
  function formatDate(value: Date | string, style: 'short' | 'medium' | 'long' = 'long'): string {
    const isDay = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
    const options: Intl.DateTimeFormatOptions = isDay ? { dateStyle: style, timeZone: 'UTC' } : { dateStyle: style }
    return dateFormatter(options).format(new Date(isDay ? `${value}T00:00:00Z` : value))
  }

  /** A date and time in the reader's locale and time zone. */
  function formatDateTime(value: Date | string): string {
    return dateFormatter({ dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value))
  }

  /** `label : value` in French (a space before the colon), `label: value` in English. */
  function pair(label: string, value: string): string {
    return locale.value === 'fr' ? `${label} : ${value}` : `${label}: ${value}`
  }

  /** Items of a sentence-long list: `a ; b` in French, `a; b` in English. */
  function list(items: string[]): string {
    return items.join(locale.value === 'fr' ? ' ; ' : '; ')
  }

  function applyToDocument() {
    if (typeof document !== 'undefined') document.documentElement.lang = locale.value
  }

  /** Fetches `next`'s messages once; a failed fetch can be tried again. */
  async function load(next: Locale): Promise<void> {
    if (catalogues.value[next]) return
    const messages = await loaders[next]()
    catalogues.value = { ...catalogues.value, [next]: messages }
  }

  /**
   * Remembers the choice at once (a page opened meanwhile starts in it), then switches the language
   * once its messages are loaded: the page stays in the current language meanwhile, never half translated.
   */
  async function setLocale(next: Locale): Promise<void> {
    try {
      globalThis.localStorage?.setItem(storageKey, next)
    } catch {
      // not remembered, but the switch still applies to this page
    }
    await load(next)
    locale.value = next
    applyToDocument()
  }

  applyToDocument()
  /** Settles when the reader's language is loaded (or could not be: the page then stays in French). Mount after it. */
  const ready: Promise<void> = locale.value === wanted ? Promise.resolve() : setLocale(wanted).catch(() => undefined)

  const i18n = {
    locale: computed(() => locale.value),
    t,
    n,
    formatNumber,
    formatPercent,
    formatInterval,
    formatDate,
    formatDateTime,
    pair,
    list,
    setLocale,
    ready,
    install(app: App) {
      app.provide(i18nKey, i18n)
    },
  }
  return i18n
}

export type I18n = ReturnType<typeof createI18n>

const i18nKey: InjectionKey<I18n> = Symbol('i18n')

/** The app's i18n, inside components. */
export function useI18n(): I18n {
  const i18n = inject(i18nKey)
  if (!i18n) throw new Error('useI18n() needs the i18n plugin: app.use(createI18n())')
  return i18n
}
