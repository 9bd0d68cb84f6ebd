import type { RouteRecordRaw } from 'vue-router'
import OverviewView from './views/OverviewView.vue'

/** The network overview is the home page, in the first bundle; its map and chart load when needed. */
export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: OverviewView, meta: { titleKey: 'home.title' } },
]
