"""The bot's own words in Polish (ty)."""

PHRASES: dict[str, str] = {
    # the turn
    "nothing_asked": "Napisz, co narysować lub zmienić, albo wyślij mi obrazek.",
    "sorry": "Przepraszam, coś poszło nie tak po mojej stronie. Spróbuj jeszcze raz.",
    "not_understood": (
        "Przepraszam, nie udało mi się teraz zrozumieć, o co chodzi. Spróbuj ponownie za chwilę."
    ),
    "lost_words": "Przepraszam, na chwilę zabrakło mi słów. Możesz powtórzyć?",
    "too_long": (
        "Ta wiadomość jest za długa (znaków: {length:,}, limit: {limit:,}). Wyślij krótszą, proszę."
    ),
    "got_one_upload": "Mam — to obrazek {refs}. Co mam z nim zrobić?",
    "got_uploads": "Mam — to obrazki {refs}. Co mam z nimi zrobić?",
    "not_enabled": "Przepraszam, tutaj nie jestem dla ciebie włączony.",
    "flood": "Wysyłasz prośby szybciej, niż zdążam rysować. Poczekaj {wait:.0f} s, proszę.",
    "in_progress": "Twoje obrazki w toku: {count}. Poczekaj, aż będą gotowe.",
    "picture_gone": "Nie mogę już znaleźć tego obrazka.",
    "no_picture_yet": (
        "Nie ma tu jeszcze żadnego obrazka do zmiany. "
        "Wyślij mi jakiś albo najpierw poproś, żebym coś narysował."
    ),
    "button_gone": "Ten przycisk już nic nie robi.",
    "no_alternative": "Przepraszam, źle to zrozumiałem. Możesz powiedzieć to innymi słowami?",
    "did_you_mean": "Chodzi ci o to — {summary}?",
    # what users call a skill (core.skill_titles), in captions and questions
    "title_text_to_image": "nowy obrazek",
    "title_image_variation": "wariacja",
    "title_instruct_edit": "poprawka",
    "title_change_background": "nowe tło",
    "title_remove_background": "bez tła",
    "title_replace_object": "zamiana",
    "title_remove_object": "usunięcie",
    "title_to_anime": "styl anime",
    "title_style_transfer": "nowy styl",
    "title_sketch_to_image": "obrazek z twojego szkicu",
    "title_pose_to_image": "obrazek w tej samej pozie",
    "title_outpaint": "szerszy kadr",
    "title_upscale": "większy i ostrzejszy",
    "title_colorize": "w kolorze",
    "title_line_art": "rysunek konturowy",
    "title_make_sticker": "naklejka",
    "title_style_reference": "styl innego obrazka",
    "title_qr_art": "kod QR",
    "title_add_text": "tekst na obrazku",
    "title_adjust": "korekta",
    "title_adjust_brighter": "jaśniej",
    "title_adjust_darker": "ciemniej",
    "title_adjust_more_contrast": "więcej kontrastu",
    "title_adjust_less_contrast": "mniej kontrastu",
    "title_adjust_more_saturated": "żywsze kolory",
    "title_adjust_grayscale": "czarno-białe",
    "title_adjust_rotate_left": "obrócone w lewo",
    "title_adjust_rotate_right": "obrócone w prawo",
    "title_adjust_flip_horizontal": "lustrzane odbicie",
    "title_adjust_flip_vertical": "do góry nogami",
    "title_adjust_crop_square": "przycięte do kwadratu",
    "title_describe_image": "odpowiedź o obrazku",
    "title_chat": "po prostu pogadać",
    "title_undo": "powrót do {image}",
    # questions when a request lacks something
    "unknown_skill": "Tego jeszcze nie umiem. Co mam zrobić?",
    "send_image_first": "O który obrazek chodzi? Najpierw wyślij mi obrazek.",
    "no_such_image": "Nie mogę znaleźć obrazka {ref}. O który chodzi? W tym czacie są: {refs}.",
    "invalid_argument": "Nie do końca rozumiem szczegóły ({title}). Możesz to ująć inaczej?",
    "which_picture_none": "Którego obrazka mam użyć? Najpierw wyślij mi obrazek.",
    "which_picture": "O który obrazek chodzi? Podaj jego numer, np. #1.",
    "ask_prompt": "Jasne — co ma być na obrazku?",
    "ask_background": "Jasne — jakie tło chcesz?",
    "ask_instruction": "Jasne — co mam zmienić?",
    "ask_target": "Jasne — co mam zmienić albo usunąć?",
    "ask_replacement": "Jasne — co mam wstawić w to miejsce?",
    "ask_style": "Jasne — jaki styl chcesz?",
    "ask_content": "Jasne — co ma zawierać kod QR (link czy tekst)?",
    "ask_text": "Jasne — jaki tekst mam napisać?",
    "ask_question": "Jasne — co chcesz wiedzieć o obrazku?",
    "ask_message": "Jasne — co chcesz powiedzieć?",
    "ask_operation": (
        "Jasne — co z tym zrobić: jaśniej, ciemniej, więcej lub mniej kontrastu,"
        " żywsze kolory, czarno-białe, obrócić, odbić czy przyciąć do kwadratu?"
    ),
    "ask_other": "Jasne — możesz napisać trochę dokładniej, czego chcesz?",
    # a job's progress and how it ended
    "queued": "⏳ W kolejce…",
    "queued_at": "⏳ W kolejce, miejsce {position}…",
    "working": "🎨 Pracuję…",
    "working_step": "🎨 Pracuję… krok {step}/{total}",
    "skill_failed": (
        "Przepraszam, tym razem się nie udało. Nasza rozmowa i twoje obrazki są bezpieczne — "
        "spróbuj jeszcze raz."
    ),
    "model_missing": (
        "Tutaj jeszcze tego nie zrobię: potrzebny jest model, który nie jest zainstalowany. "
        "Zanotowałem to dla administratorów bota."
    ),
    "not_set_up": (
        "Tutaj jeszcze tego nie zrobię: ten bot nie jest do tego przygotowany. "
        "Dałem znać jego administratorom."
    ),
    "timed_out": "To trwało dłużej niż {limit:.0f} s, więc to przerwałem.",
    "queue_down": (
        "Nie mogę teraz połączyć się z serwerami, które rysują obrazki. "
        "Spróbuj ponownie za minutę — nasza rozmowa jest zapisana."
    ),
    "refused_result": (
        "Zrobiłem obrazek, ale nie przeszedł filtra treści tego czatu, więc go nie wyślę. "
        "Poproś o coś innego."
    ),
    "too_old": (
        "Przepraszam, zostałem uruchomiony ponownie i zgubiłem obrazek z twojej wcześniejszej "
        "prośby. Poproś jeszcze raz."
    ),
    "lost_answer": (
        "Przepraszam, przy ponownym uruchomieniu zgubiłem odpowiedź na jedną z twoich próśb. "
        "Poproś jeszcze raz."
    ),
    "image_missing": (
        "Do tego potrzebuję obrazka {ref}, ale do mnie nie dotarł. Wyślij go jeszcze raz, proszę."
    ),
    "unknown_job_skill": "Nie znam umiejętności „{skill}”.",
    # what a skill found wrong with its input
    "no_subject_to_cut": (
        "Nie znalazłem na tym obrazku wyraźnego obiektu do wycięcia. "
        "Najlepiej sprawdza się zdjęcie z jedną główną rzeczą."
    ),
    "no_subject_here": "Nie udało mi się tu oddzielić obiektu od tła.",
    "no_subject": "Nie znalazłem na tym obrazku wyraźnego obiektu.",
    "not_found_in_picture": "Nie znalazłem na obrazku {target!r}.",
    "no_font": (
        "Nie mogę tu pisać na obrazkach: nie ma zainstalowanej żadnej czcionki. "
        "Dałem znać administratorom bota."
    ),
    "what_text": "Jaki tekst mam napisać na obrazku?",
    "upscale_too_big": (
        "Przy ×{factor} ten obrazek miałby {width}×{height} — więcej, niż mogę wysłać. "
        "Już jest całkiem duży."
    ),
    "upscale_too_big_try_2": (
        "Przy ×{factor} ten obrazek miałby {width}×{height} — więcej, niż mogę wysłać. Spróbuj ×2."
    ),
    "qr_too_long": "To za dużo tekstu na jeden kod QR. Skróć go, proszę.",
    "qr_unscannable": "Nie udało mi się zrobić dla tego tekstu kodu QR, który da się zeskanować.",
    "picture_empty": "Obrazek dotarł pusty. Możesz wysłać go jeszcze raz?",
    "picture_unreadable": (
        "Nie udało mi się odczytać tego pliku jako obrazka. "
        "Wyślij obrazek PNG, JPEG albo WebP, proszę."
    ),
    "picture_damaged": (
        "Ten obrazek wygląda na uszkodzony albo ucięty, więc nie mogłem go otworzyć. "
        "Możesz wysłać go jeszcze raz?"
    ),
    "picture_no_pixels": "Ten obrazek nie ma żadnych pikseli.",
    "picture_too_large": (
        "Ten obrazek jest za duży: przyjmuję maksymalnie {megapixels:.0f} Mpx. "
        "Wyślij mniejszą wersję, proszę."
    ),
    "picture_too_large_sized": (
        "Ten obrazek jest za duży ({width}×{height}): przyjmuję maksymalnie {megapixels:.0f} Mpx. "
        "Wyślij mniejszą wersję, proszę."
    ),
    "missing_value": "Brakuje mi jednego szczegółu ({title}). Napisz trochę więcej, czego chcesz.",
    "bad_strength": "Siła musi być między 0 a 1, a nie {strength}.",
    # uploads refused before anything runs
    "refused_upload": (
        "Nie mogę pracować z tym obrazkiem: nie przeszedł filtra treści tego czatu. "
        "Wyślij inny, proszę."
    ),
    "upload_empty": (
        "{name}: plik jest pusty. Wyślij zdjęcia albo pliki graficzne (PNG, JPEG, WebP, GIF, BMP)."
    ),
    "upload_too_large": "{name}: plik jest za duży ({megabytes:.1f} MB, limit: {limit:.0f} MB).",
    "upload_vector": (
        "{name}: to grafika wektorowa (SVG), której nie umiem edytować. Wyślij ją jako PNG, proszę."
    ),
    "upload_heic": (
        "{name}: to zdjęcie HEIC, którego jeszcze nie umiem otworzyć. "
        "Wyślij je jako JPEG (albo jako zdjęcie zamiast pliku)."
    ),
    "upload_not_image": (
        "Mogę pracować tylko ze zdjęciami albo plikami graficznymi (PNG, JPEG, WebP, GIF, BMP), a "
        "{name} to {kind}."
    ),
    "upload_too_many_pixels": "{name}: za dużo pikseli, żebym mógł to bezpiecznie otworzyć.",
    "upload_pixels_over": (
        "{name}: obrazek jest za duży ({width}×{height} pikseli, limit: {megapixels:.0f} Mpx). "
        "Wyślij mniejszą wersję, proszę."
    ),
    "upload_damaged": (
        "Nie udało mi się odczytać {name} jako obrazka (plik może być uszkodzony). "
        "Wyślij zdjęcia albo pliki graficzne (PNG, JPEG, WebP, GIF, BMP)."
    ),
    "upload_format": (
        "{name}: to obrazek w formacie {kind}; wyślij zdjęcia albo pliki graficzne (PNG, JPEG, "
        "WebP, GIF, BMP)."
    ),
    "upload_unusable": (
        "Mogę pracować tylko ze zdjęciami albo plikami graficznymi (PNG, JPEG, WebP, GIF, BMP), a "
        "to ({what}) nie jest obrazkiem. Wyślij obrazek albo napisz, co narysować."
    ),
    # what was sent, named for the sentences above ({name}, {kind}, {what})
    "file_without_name": "załącznik",
    "kind_sticker": "naklejka",
    "kind_voice_message": "wiadomość głosowa",
    "kind_audio_file": "plik audio",
    "kind_video": "wideo",
    "kind_video_message": "wiadomość wideo",
    "kind_text_file": "plik tekstowy",
    "kind_pdf": "dokument PDF",
    "kind_other_file": "plik innego typu",
    "download_failed": (
        "Nie udało mi się pobrać twojego obrazka z serwisu {platform}. "
        "Wyślij go jeszcze raz, proszę."
    ),
    # commands anyone may use
    "help_intro": (
        "Rysuję i edytuję obrazki w rozmowie. Spróbuj:\n"
        "• „narysuj kota na plaży o zachodzie słońca”\n"
        "• wyślij zdjęcie i napisz „zrób to w stylu anime”, „usuń tło”, „przenieś to do Paryża”\n"
        "• „załóż mu okulary przeciwsłoneczne”, „oddal kamerę”, „powiększ to”, "
        "„napisz u góry «cześć»”\n"
        "• „jaka to rasa?” — odpowiadam też na pytania o obrazki"
    ),
    "help_commands": "Komendy: {listed}.",
    "command_reset": "zacznij tu nową rozmowę",
    "command_undo": "wróć do poprzedniego obrazka",
    "command_help": "co potrafię",
    "unknown_command": "Nie znam komendy {name}. Wyślij /help, żeby zobaczyć, co potrafię.",
    "admins_only": "Przepraszam, {name} jest tylko dla administratorów tego bota.",
    "fresh_start": (
        "Zaczynamy od nowa! Zapomniałem o naszych wcześniejszych obrazkach z tego czatu."
    ),
    "nothing_to_undo": "Na razie nie ma czego cofnąć.",
    "first_picture": "{ref} to pierwszy obrazek tutaj; przed nim nic nie ma.",
    "nothing_to_rate": "Nie ma jeszcze żadnej mojej odpowiedzi do oceny.",
    "rated_good": "Dzięki za opinię!",
    "rated_bad": "Zanotowane — dzięki, że dajesz znać.",
    # storage
    "store_unavailable": "Nie mogę teraz niczego zapisać. Spróbuj ponownie za minutę.",
    "store_busy": (
        "Jestem zajęty zapisywaniem innych rzeczy i nie udało mi się zachować twojej wiadomości. "
        "Wyślij ją ponownie za minutę, proszę."
    ),
    "store_full": (
        "Skończyło mi się miejsce na dane, więc nie mogę teraz przyjmować nowych próśb. "
        "Twoje wcześniejsze obrazki są bezpieczne."
    ),
    # the Discord /draw command and its options
    "command_draw": "narysuj albo zmień obrazek",
    "draw_request": "co mam narysować albo zmienić",
    "draw_image": "obrazek, od którego zacząć",
}
