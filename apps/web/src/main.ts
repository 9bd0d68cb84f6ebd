import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { createI18n } from './i18n'
import { createAppRouter } from './router'
import './styles.css'

const i18n = createI18n()
const app = createApp(App).use(createPinia()).use(i18n).use(createAppRouter())
// A reader who chose English gets the page in English from its first paint, not French then English.
void i18n.ready.then(() => app.mount('#app'))
