import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { StaffRole, User } from '@trajectoires/contract'
import { api } from '../../api/client'

/**
 * The dashboard session: who is logged in, with which role and campuses. Loaded once from
 * `GET /auth/session` at start; login and logout change it; a 401 on any staff call ends it.
 */
export const useAuthStore = defineStore('auth', () => {
  const user = shallowRef<User | null>(null)
  const expiresAt = ref<string | null>(null)
  const loaded = ref(false)
  /** Set when the session ended under the user's feet; the login page explains it. */
  const expired = ref(false)
  let pending: Promise<void> | null = null

  const role = computed<StaffRole | null>(() => user.value?.role ?? null)
  const isLoggedIn = computed(() => user.value !== null)
  const isAdmin = computed(() => role.value === 'network_admin')
  /** Network roles read every campus (and unsuppressed statistics). */
  const isNetwork = computed(() => role.value === 'network_admin' || role.value === 'network_staff')
  /** Network admins and campus staff write records; network staff only read them. */
  const canWriteRecords = computed(() => role.value === 'network_admin' || role.value === 'campus_staff')
  /** The campuses the account reaches; null for every campus. */
  const campusIds = computed<string[] | null>(() => (isNetwork.value ? null : (user.value?.campusIds ?? [])))

  function reaches(campusId: string) {
    return campusIds.value === null || campusIds.value.includes(campusId)
  }

  async function refresh() {
    try {
      const session = await api.getSession()
      user.value = session.authenticated ? session.user : null
      expiresAt.value = session.expiresAt
    } catch {
      // A refused or unreachable session check leaves the dashboard public; staff pages ask to log in.
      user.value = null
      expiresAt.value = null
    } finally {
      loaded.value = true
      pending = null
    }
  }

  /** Loads the session once; later calls wait for the same answer. */
  function ensureLoaded(): Promise<void> {
    if (loaded.value) return Promise.resolve()
    pending ??= refresh()
    return pending
  }

  async function login(email: string, password: string) {
    const session = await api.login({ email, password })
    user.value = session.user
    expiresAt.value = session.expiresAt
    expired.value = false
    loaded.value = true
  }

  async function logout() {
    try {
      await api.logout()
    } finally {
      user.value = null
      expiresAt.value = null
    }
  }

  /** The API refused the session (expired, ended elsewhere, account disabled). */
  function sessionEnded() {
    if (!user.value) return
    user.value = null
    expiresAt.value = null
    expired.value = true
  }

  return {
    user,
    expiresAt,
    loaded,
    expired,
    role,
    isLoggedIn,
    isAdmin,
    isNetwork,
    canWriteRecords,
    campusIds,
    reaches,
    ensureLoaded,
    refresh,
    login,
    logout,
    sessionEnded,
  }
})
