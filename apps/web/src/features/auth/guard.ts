import type { Router } from 'vue-router'
import type { StaffRole } from '@trajectoires/contract'
import { useAuthStore } from './auth.store'
import { onUnauthorized } from './session-events'

declare module 'vue-router' {
  interface RouteMeta {
    /** Only for logged-in staff; others are sent to the login page with a return path. */
    requiresAuth?: boolean
    /** Only these roles; others get the "not allowed" page. */
    roles?: readonly StaffRole[]
  }
}

/** A return path is only ever a path of this app (never another origin). */
export function safeReturnPath(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : '/staff'
}

/**
 * Route guards of the staff pages, and the way back to the login page when the session ends
 * (any staff call answered 401).
 */
export function installAuthGuard(router: Router) {
  router.beforeEach(async (to) => {
    const auth = useAuthStore()
    if (!to.meta.requiresAuth && to.name !== 'login') return true
    await auth.ensureLoaded()
    if (to.name === 'login') return auth.isLoggedIn ? safeReturnPath(to.query.redirect) : true
    if (!auth.isLoggedIn) return { name: 'login', query: { redirect: to.fullPath } }
    if (to.meta.roles && (!auth.role || !to.meta.roles.includes(auth.role))) {
      return { name: 'staff-forbidden', query: { from: to.fullPath } }
    }
    return true
  })

  onUnauthorized(() => {
    const auth = useAuthStore()
    const wasLoggedIn = auth.isLoggedIn
    auth.sessionEnded()
    const current = router.currentRoute.value
    if (wasLoggedIn && current.meta.requiresAuth) {
      void router.push({ name: 'login', query: { redirect: current.fullPath } })
    }
  })
}
