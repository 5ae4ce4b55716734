// i18next with the two languages of the station; the user's choice is stored per user in main.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './locales/en';
import { zh } from './locales/zh';

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, zh: { translation: zh } },
  lng: 'zh',
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
});

export default i18next;
