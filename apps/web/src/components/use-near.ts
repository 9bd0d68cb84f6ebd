import { onBeforeUnmount, ref, watch, type Ref } from 'vue'

/**
 * Whether `target` has come within `margin` of the screen (and stays true once it has): what is
 * drawn below the first screen (charts, the overview's map) is loaded and drawn only when a reader
 * scrolls towards it, so that a phone's first page does not download, parse and run Chart.js for
 * figures nobody has seen yet. `target` may appear after mounting (a section shown once its data
 * arrives). Where the browser has no IntersectionObserver, at once.
 */
export function useNear(target: Readonly<Ref<HTMLElement | null>>, margin = '400px'): Readonly<Ref<boolean>> {
  const near = ref(false)
  let observer: IntersectionObserver | undefined

  watch(
    target,
    (element) => {
      observer?.disconnect()
      if (!element || near.value) return
      if (typeof IntersectionObserver === 'undefined') {
        near.value = true
        return
      }
      observer = new IntersectionObserver(
        (entries) => {
          if (!entries.some((entry) => entry.isIntersecting)) return
          near.value = true
          observer?.disconnect()
        },
        { rootMargin: `${margin} 0px` },
      )
      observer.observe(element)
    },
    { immediate: true, flush: 'post' },
  )
  onBeforeUnmount(() => observer?.disconnect())
  return near
}
