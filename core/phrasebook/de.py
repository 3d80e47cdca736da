"""The bot's own words in German (du)."""

PHRASES: dict[str, str] = {
    # the turn
    "nothing_asked": "Sag mir, was ich malen oder bearbeiten soll, oder schick mir ein Bild.",
    "sorry": "Sorry, bei mir ist etwas schiefgelaufen. Versuch es bitte noch einmal.",
    "not_understood": (
        "Entschuldige, ich habe gerade nicht verstanden, was du meinst. "
        "Versuch es bitte gleich noch einmal."
    ),
    "lost_words": "Entschuldige, mir haben kurz die Worte gefehlt. Kannst du das noch mal sagen?",
    "too_long": (
        "Die Nachricht ist zu lang ({length:,} Zeichen; erlaubt sind {limit:,}). "
        "Schick bitte eine kürzere."
    ),
    "got_one_upload": "Hab ich — das ist {refs}. Was soll ich damit machen?",
    "got_uploads": "Hab ich — das sind {refs}. Was soll ich damit machen?",
    "not_enabled": "Sorry, hier bin ich für dich nicht freigeschaltet.",
    "flood": "Du schickst Anfragen schneller, als ich malen kann. Warte bitte {wait:.0f} s.",
    "in_progress": "Du hast schon {count} Bilder in Arbeit. Warte bitte, bis sie fertig sind.",
    "picture_gone": "Ich finde dieses Bild nicht mehr.",
    "no_picture_yet": (
        "Hier ist noch kein Bild, das ich ändern könnte. "
        "Schick mir eins oder lass mich erst etwas malen."
    ),
    "button_gone": "Dieser Button macht nichts mehr.",
    "no_alternative": "Sorry, da lag ich falsch. Kannst du es anders formulieren?",
    "did_you_mean": "Meintest du das – {summary}?",
    # what users call a skill (core.skill_titles), in captions and questions
    "title_text_to_image": "neues Bild",
    "title_image_variation": "Variante",
    "title_instruct_edit": "Bearbeitung",
    "title_change_background": "neuer Hintergrund",
    "title_remove_background": "ohne Hintergrund",
    "title_replace_object": "Austausch",
    "title_remove_object": "etwas entfernt",
    "title_to_anime": "Anime-Stil",
    "title_style_transfer": "neuer Stil",
    "title_sketch_to_image": "Bild aus deiner Skizze",
    "title_pose_to_image": "Bild in derselben Pose",
    "title_outpaint": "weiterer Ausschnitt",
    "title_upscale": "größer und schärfer",
    "title_colorize": "in Farbe",
    "title_line_art": "Strichzeichnung",
    "title_make_sticker": "Sticker",
    "title_style_reference": "Stil eines anderen Bildes",
    "title_qr_art": "QR-Code",
    "title_add_text": "Text im Bild",
    "title_adjust": "Anpassung",
    "title_adjust_brighter": "heller",
    "title_adjust_darker": "dunkler",
    "title_adjust_more_contrast": "mehr Kontrast",
    "title_adjust_less_contrast": "weniger Kontrast",
    "title_adjust_more_saturated": "kräftigere Farben",
    "title_adjust_grayscale": "schwarz-weiß",
    "title_adjust_rotate_left": "nach links gedreht",
    "title_adjust_rotate_right": "nach rechts gedreht",
    "title_adjust_flip_horizontal": "gespiegelt",
    "title_adjust_flip_vertical": "auf den Kopf gestellt",
    "title_adjust_crop_square": "quadratisch zugeschnitten",
    "title_describe_image": "Antwort zum Bild",
    "title_chat": "einfach plaudern",
    "title_undo": "zurück zu {image}",
    # questions when a request lacks something
    "unknown_skill": "Das kann ich noch nicht. Was soll ich für dich tun?",
    "send_image_first": "Welches Bild meinst du? Schick mir bitte zuerst ein Bild.",
    "no_such_image": (
        "Ich finde Bild {ref} nicht. Welches meinst du? In diesem Chat gibt es: {refs}."
    ),
    "invalid_argument": (
        "Die Einzelheiten habe ich nicht ganz verstanden ({title}). Kannst du es anders sagen?"
    ),
    "which_picture_none": "Welches Bild soll ich nehmen? Schick mir bitte zuerst ein Bild.",
    "which_picture": "Welches Bild meinst du? Sag mir die Nummer, zum Beispiel #1.",
    "ask_prompt": "Klar — was soll auf dem Bild zu sehen sein?",
    "ask_background": "Klar — welchen Hintergrund möchtest du?",
    "ask_instruction": "Klar — was soll ich ändern?",
    "ask_target": "Klar — was soll ich ändern oder entfernen?",
    "ask_replacement": "Klar — was soll stattdessen hin?",
    "ask_style": "Klar — welchen Stil möchtest du?",
    "ask_content": "Klar — was soll der QR-Code enthalten (einen Link oder Text)?",
    "ask_text": "Klar — welchen Text soll ich schreiben?",
    "ask_question": "Klar — was möchtest du über das Bild wissen?",
    "ask_message": "Klar — was möchtest du sagen?",
    "ask_operation": (
        "Klar — was soll ich damit machen: heller, dunkler, mehr oder weniger Kontrast,"
        " kräftigere Farben, schwarz-weiß, drehen, spiegeln oder quadratisch zuschneiden?"
    ),
    "ask_other": "Klar — kannst du mir etwas genauer sagen, was du möchtest?",
    # a job's progress and how it ended
    "queued": "⏳ In der Warteschlange…",
    "queued_at": "⏳ In der Warteschlange, Platz {position}…",
    "working": "🎨 Bin dran…",
    "working_step": "🎨 Bin dran… Schritt {step}/{total}",
    "skill_failed": (
        "Sorry, das hat diesmal nicht geklappt. Unser Chat und deine Bilder sind sicher — versuch "
        "es bitte noch einmal."
    ),
    "model_missing": (
        "Das kann ich hier noch nicht: Dafür braucht es ein Modell, das nicht installiert ist. "
        "Ich habe es für die Admins des Bots notiert."
    ),
    "not_set_up": (
        "Das kann ich hier noch nicht: Dieser Bot ist dafür nicht eingerichtet. "
        "Ich habe seinen Admins Bescheid gesagt."
    ),
    "timed_out": "Das hat länger als {limit:.0f} s gedauert, deshalb habe ich abgebrochen.",
    "queue_down": (
        "Ich erreiche meine Bild-Server gerade nicht. "
        "Versuch es bitte in einer Minute noch mal — unser Chat ist gespeichert."
    ),
    "refused_result": (
        "Ich habe ein Bild gemacht, aber es hat den Inhaltsfilter dieses Chats nicht bestanden, "
        "deshalb schicke ich es nicht. Frag doch nach etwas anderem."
    ),
    "too_old": (
        "Sorry, ich wurde neu gestartet und habe ein Bild verloren, um das du vor einer Weile "
        "gebeten hast. Frag bitte noch einmal."
    ),
    "lost_answer": (
        "Sorry, beim Neustart ist mir die Antwort auf eine deiner Anfragen verloren gegangen. "
        "Frag bitte noch einmal."
    ),
    "image_missing": (
        "Dafür brauche ich Bild {ref}, aber es ist nicht bei mir angekommen. "
        "Schick es bitte noch einmal."
    ),
    "unknown_job_skill": "Die Fähigkeit „{skill}“ kenne ich nicht.",
    # what a skill found wrong with its input
    "no_subject_to_cut": (
        "Ich habe auf dem Bild kein klares Motiv zum Ausschneiden gefunden. "
        "Am besten klappt es mit einem Foto, auf dem eine Sache im Mittelpunkt steht."
    ),
    "no_subject_here": "Ich konnte das Motiv hier nicht vom Hintergrund unterscheiden.",
    "no_subject": "Ich habe auf diesem Bild kein klares Motiv gefunden.",
    "not_found_in_picture": "Ich habe {target!r} auf dem Bild nicht gefunden.",
    "no_font": (
        "Ich kann hier nicht auf Bilder schreiben: Es ist keine Schriftart installiert. "
        "Ich habe den Admins des Bots Bescheid gesagt."
    ),
    "what_text": "Welchen Text soll ich auf das Bild schreiben?",
    "upscale_too_big": (
        "Mit ×{factor} wäre das Bild {width}×{height} groß — mehr, als ich senden kann. "
        "Es ist schon ziemlich groß."
    ),
    "upscale_too_big_try_2": (
        "Mit ×{factor} wäre das Bild {width}×{height} groß — mehr, als ich senden kann. Versuch ×2."
    ),
    "qr_too_long": "Das ist zu viel Text für einen QR-Code. Kürz ihn bitte.",
    "qr_unscannable": (
        "Ich konnte für diesen Text keinen QR-Code erstellen, der sich scannen lässt."
    ),
    "picture_empty": "Das Bild ist leer angekommen. Kannst du es noch einmal schicken?",
    "picture_unreadable": (
        "Ich konnte die Datei nicht als Bild lesen. Schick bitte ein Bild als PNG, JPEG oder WebP."
    ),
    "picture_damaged": (
        "Das Bild scheint beschädigt oder abgeschnitten zu sein, deshalb konnte ich es nicht "
        "öffnen. Kannst du es noch einmal schicken?"
    ),
    "picture_no_pixels": "Dieses Bild enthält keine Pixel.",
    "picture_too_large": (
        "Das Bild ist zu groß: Ich nehme bis zu {megapixels:.0f} Megapixel. "
        "Schick bitte eine kleinere Version."
    ),
    "picture_too_large_sized": (
        "Das Bild ist zu groß ({width}×{height}): Ich nehme bis zu {megapixels:.0f} Megapixel. "
        "Schick bitte eine kleinere Version."
    ),
    "missing_value": (
        "Mir fehlt noch eine Angabe ({title}). Sag mir bitte genauer, was du möchtest."
    ),
    "bad_strength": "Die Stärke muss zwischen 0 und 1 liegen, nicht bei {strength}.",
    # uploads refused before anything runs
    "refused_upload": (
        "Mit diesem Bild kann ich nicht arbeiten: Es hat den Inhaltsfilter dieses Chats nicht "
        "bestanden. Schick bitte ein anderes."
    ),
    "upload_empty": (
        "{name} ist leer. Schick bitte Fotos oder Bilddateien (PNG, JPEG, WebP, GIF, BMP)."
    ),
    "upload_too_large": "{name} ist zu groß ({megabytes:.1f} MB; erlaubt sind {limit:.0f} MB).",
    "upload_vector": (
        "{name} ist eine Vektorgrafik (SVG), die ich nicht bearbeiten kann. "
        "Schick sie bitte als PNG."
    ),
    "upload_heic": (
        "{name} ist ein HEIC-Foto, das ich noch nicht öffnen kann. "
        "Schick es bitte als JPEG (oder als Foto statt als Datei)."
    ),
    "upload_not_image": (
        "Ich kann nur mit Fotos oder Bilddateien arbeiten (PNG, JPEG, WebP, GIF, BMP); {name} ist "
        "{kind}."
    ),
    "upload_too_many_pixels": "{name} hat zu viele Pixel, um es sicher zu öffnen.",
    "upload_pixels_over": (
        "{name} ist zu groß ({width}×{height} Pixel; erlaubt sind {megapixels:.0f} Megapixel). "
        "Schick bitte eine kleinere Version."
    ),
    "upload_damaged": (
        "Ich konnte {name} nicht als Bild lesen (vielleicht ist die Datei beschädigt). "
        "Schick bitte Fotos oder Bilddateien (PNG, JPEG, WebP, GIF, BMP)."
    ),
    "upload_format": (
        "{name} ist ein Bild im Format {kind}; schick bitte Fotos oder Bilddateien (PNG, JPEG, "
        "WebP, GIF, BMP)."
    ),
    "upload_unusable": (
        "Ich kann nur mit Fotos oder Bilddateien arbeiten (PNG, JPEG, WebP, GIF, BMP), und das "
        "hier ({what}) ist keins davon. Schick ein Bild oder sag mir, was ich malen soll."
    ),
    # what was sent, named for the sentences above ({name}, {kind}, {what})
    "file_without_name": "die Datei",
    "kind_sticker": "ein Sticker",
    "kind_voice_message": "eine Sprachnachricht",
    "kind_audio_file": "eine Audiodatei",
    "kind_video": "ein Video",
    "kind_video_message": "eine Videonachricht",
    "kind_text_file": "eine Textdatei",
    "kind_pdf": "ein PDF-Dokument",
    "kind_other_file": "eine andere Art von Datei",
    "download_failed": (
        "Ich konnte dein Bild nicht von {platform} laden. Schick es bitte noch einmal."
    ),
    # commands anyone may use
    "help_intro": (
        "Ich male und bearbeite Bilder im Gespräch. Probier mal:\n"
        "• „mal eine Katze am Strand bei Sonnenuntergang“\n"
        "• schick ein Foto und sag „mach es im Anime-Stil“, „entfern den Hintergrund“, "
        "„pack es nach Paris“\n"
        "• „setz ihm eine Sonnenbrille auf“, „zoom etwas raus“, „mach es größer“, "
        "„schreib oben ‚Hallo‘ drauf“\n"
        "• „welche Rasse ist das?“ — ich beantworte auch Fragen zu Bildern"
    ),
    "help_commands": "Befehle: {listed}.",
    "command_reset": "hier ein neues Gespräch beginnen",
    "command_undo": "zum vorigen Bild zurückgehen",
    "command_help": "was ich kann",
    "unknown_command": (
        "Den Befehl {name} kenne ich nicht. Schick /help, um zu sehen, was ich kann."
    ),
    "admins_only": "Sorry, {name} ist nur für die Admins dieses Bots.",
    "fresh_start": "Alles auf Anfang! Ich habe unsere bisherigen Bilder in diesem Chat vergessen.",
    "nothing_to_undo": "Es gibt noch nichts, was ich rückgängig machen könnte.",
    "first_picture": "{ref} ist hier das erste Bild; davor gibt es nichts.",
    "nothing_to_rate": "Es gibt noch keine Antwort von mir, die du bewerten könntest.",
    "rated_good": "Danke für das Feedback!",
    "rated_bad": "Notiert — danke für den Hinweis.",
    # storage
    "store_unavailable": (
        "Ich kann gerade nichts speichern. Versuch es bitte in einer Minute noch einmal."
    ),
    "store_busy": (
        "Ich bin gerade damit beschäftigt, andere Dinge zu speichern, und konnte deine Nachricht "
        "nicht behalten. Schick sie bitte in einer Minute noch einmal."
    ),
    "store_full": (
        "Mein Speicherplatz ist voll, deshalb kann ich gerade keine neuen Anfragen annehmen. "
        "Deine bisherigen Bilder sind sicher."
    ),
    # the Discord /draw command and its options
    "command_draw": "ein Bild malen oder bearbeiten",
    "draw_request": "was ich malen oder ändern soll",
    "draw_image": "ein Bild als Ausgangspunkt",
}
