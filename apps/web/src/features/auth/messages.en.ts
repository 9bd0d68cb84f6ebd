import type { fr } from './messages'

/** The English of `./messages.ts` (French), in a file of its own: it is loaded only when a reader switches to English. */
export const en: Record<keyof typeof fr, string> = {
  'auth.title': 'Log in',
  'auth.heading': 'Log in to the staff area',
  'auth.intro': 'For the staff of the network and its campuses. The public pages need no account.',
  'auth.needed': 'Log in to open this page; you will be taken back to it.',
  'auth.expired': 'Your session expired or was closed. Log in again to carry on where you were.',
  'auth.email': 'E-mail address',
  'auth.password': 'Password',
  'auth.submit': 'Log in',
  'auth.submitting': 'Logging in…',
  'auth.failed': 'Logging in failed.',
  'auth.wrongCredentials': 'Wrong e-mail address or password.',
  'auth.login': 'Log in',
  'auth.logout': 'Log out',
  'auth.account': 'My account: change password',
  'auth.passwordChange.title': 'Change password',
  'auth.passwordChange.heading': 'Change your password',
  'auth.passwordChange.intro':
    'Your current password, then the new one, twice. Your other sessions (other browsers, other devices) will be closed.',
  'auth.passwordChange.current': 'Current password',
  'auth.passwordChange.new': 'New password',
  'auth.passwordChange.newHint': '12 characters or more; a phrase of several words works well.',
  'auth.passwordChange.confirm': 'New password, once more',
  'auth.passwordChange.submit': 'Change the password',
  'auth.passwordChange.done': 'Password changed. Your other sessions were closed.',
  'auth.passwordChange.failed': 'The password could not be changed.',
  'auth.passwordChange.wrongCurrent': 'This is not your current password.',
  'auth.passwordChange.sameAsCurrent': 'The new password must differ from the current one.',
  'auth.passwordChange.tooShort': 'Too short: 12 characters or more.',
  'auth.passwordChange.mismatch': 'The two entries of the new password differ.',
} as const
