language-switcher = Language
language-not-translated = This page is not available in { $language }: the link goes to the home page in { $language }.
