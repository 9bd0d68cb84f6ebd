import { onBeforeUnmount, ref, watch } from 'vue'

/** A title given by the page itself (a campus name), preferred by App.vue to the route's `meta.titleKey`. */
export const pageTitle = ref<string | null>(null)

/** Names the document after what the page shows, once known: `usePageTitle(() => campus.value?.name)`. */
export function usePageTitle(title: () => string | null | undefined): void {
  watch(title, (value) => (pageTitle.value = value ?? null), { immediate: true })
  onBeforeUnmount(() => {
    pageTitle.value = null
  })
}
