language-switcher = Idioma
language-not-translated = Esta página no está disponible en { $language }: el enlace lleva a la página de inicio en { $language }.
