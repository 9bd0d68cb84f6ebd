import { beforeAll, describe, expect, it } from 'vitest'
import { createI18n, type MessageKey } from './index'
import { fr as frMessages } from './fr'

/** Words of the dashboard: real plurals in both languages, and no French spacing in English. */
describe('i18n', () => {
  const nbsp = /[\u00a0\u202f]/g
  const fr = createI18n({ locale: 'fr' })
  const en = createI18n({ locale: 'en' })
  beforeAll(() => en.ready)

  it('says plurals in full, for each number of a message', () => {
    expect(fr.t('cohorts.grid.summary', { saved: 3, failed: 0 })).toBe('3 situations enregistrées, 0 ligne à corriger.')
    expect(fr.t('cohorts.grid.summary', { saved: 1, failed: 2 })).toBe('1 situation enregistrée, 2 lignes à corriger.')
    expect(en.t('cohorts.grid.summary', { saved: 1, failed: 0 })).toBe('1 outcome saved, 0 rows to correct.')
    expect(fr.t('overview.figures.capacityDetail', { known: 2, open: 6 })).toBe(
      'places par an ; capacité connue pour 2 sur 6 écoles ouvertes',
    )
    expect(fr.t('overview.figures.campusesDetail', { planned: 2, closed: 1 })).toBe('et 2 annoncées, 1 fermée')
    expect(en.t('overview.figures.capacityDetail', { known: 1, open: 1 })).toBe(
      'places a year; capacity known for 1 of 1 open campus',
    )
    expect(fr.t('imports.report.committed', { rows: 1 })).toBe('Import terminé : 1 ligne enregistrée.')
  })

  it('leaves no « (s) » in any message', () => {
    for (const i18n of [fr, en]) {
      for (const [key, text] of Object.entries(catalogue(i18n))) expect(`${key}: ${text}`).not.toMatch(/\((s|e|es|x)\)/)
    }
  })

  it('puts no space before a colon or a semicolon in English', () => {
    expect(en.pair('Rate', '80.0%')).toBe('Rate: 80.0%')
    expect(fr.pair('Taux', '80,0 %')).toBe('Taux : 80,0 %')
    expect(en.list(['a', 'b'])).toBe('a; b')
    expect(fr.list(['a', 'b'])).toBe('a ; b')
    for (const [key, text] of Object.entries(catalogue(en))) {
      expect(`${key}: ${text.replace(nbsp, ' ')}`).not.toMatch(/\w\s[:;!?](\s|$)/)
    }
  })
})

/** English is a chunk of its own, fetched when asked for: the switch waits for it, never half translated. */
describe('loading a language', () => {
  it('starts in French without English, and switches once English is loaded', async () => {
    const i18n = createI18n({ locale: 'fr' })
    expect(i18n.locale.value).toBe('fr')
    const switching = i18n.setLocale('en')
    // Until English has arrived, the page keeps speaking French.
    expect(i18n.locale.value).toBe('fr')
    expect(i18n.t('app.tagline')).toBe('Suivi des parcours et de l’insertion')
    await switching
    expect(i18n.locale.value).toBe('en')
    expect(i18n.t('app.tagline')).toBe('Learner paths and job outcomes')
    await i18n.setLocale('fr')
    expect(i18n.t('app.tagline')).toBe('Suivi des parcours et de l’insertion')
  })

  it('formats figures and dates in the language of the moment, before and after a switch', async () => {
    // The formatters are kept between calls: each language and each set of options has its own.
    const i18n = createI18n({ locale: 'fr' })
    const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ')
    expect(plain(i18n.formatPercent(0.8))).toBe('80,0 %')
    expect(plain(i18n.formatPercent(0.8, 0))).toBe('80 %')
    expect(plain(i18n.formatNumber(1234.5))).toBe('1 234,5')
    expect(i18n.formatDate('2026-12-06')).toBe('6 décembre 2026')
    expect(i18n.formatDate('2026-12-06', 'short')).toBe('06/12/2026')
    await i18n.setLocale('en')
    expect(i18n.formatPercent(0.8)).toBe('80.0%')
    expect(i18n.formatPercent(0.8, 0)).toBe('80%')
    expect(i18n.formatNumber(1234.5)).toBe('1,234.5')
    expect(i18n.formatDate('2026-12-06')).toBe('6 December 2026')
    await i18n.setLocale('fr')
    expect(i18n.formatDate('2026-12-06', 'short')).toBe('06/12/2026')
  })

  it('a reader who chose English is in English once ready', async () => {
    const i18n = createI18n({ locale: 'en' })
    await i18n.ready
    expect(i18n.locale.value).toBe('en')
    expect(i18n.t('nav.home')).toBe('Home')
  })
})

/** Every message, as the i18n's language says it without parameters. */
function catalogue(i18n: ReturnType<typeof createI18n>): Record<string, string> {
  return Object.fromEntries(Object.keys(frMessages).map((key) => [key, i18n.t(key as MessageKey)]))
}
