import type { RouteRecordRaw } from 'vue-router'

export const routes: RouteRecordRaw[] = [
  {
    path: '/staff',
    name: 'staff-home',
    component: () => import('./views/StaffHomeView.vue'),
    meta: { titleKey: 'staff.title', requiresAuth: true },
  },
  {
    path: '/staff/campuses/:campusId',
    name: 'staff-campus',
    component: () => import('./views/CampusStaffView.vue'),
    props: true,
    meta: { titleKey: 'staff.campus.title', requiresAuth: true },
  },
  {
    path: '/staff/forbidden',
    name: 'staff-forbidden',
    component: () => import('./views/ForbiddenView.vue'),
    meta: { titleKey: 'staff.forbiddenHeading' },
  },
]
