import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { createI18n } from './i18n'
import { createAppRouter } from './router'
import './styles.css'

createApp(App).use(createPinia()).use(createI18n()).use(createAppRouter()).mount('#app')
