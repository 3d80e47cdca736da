"""The bot's own words in Italian (tu)."""

PHRASES: dict[str, str] = {
    # the turn
    "nothing_asked": "Dimmi cosa disegnare o modificare, oppure mandami un'immagine.",
    "sorry": "Scusa, qualcosa è andato storto da parte mia. Riprova, per favore.",
    "not_understood": "Scusa, non sono riuscito a capire cosa intendevi. Riprova tra un momento.",
    "lost_words": "Scusa, per un attimo ho perso le parole. Puoi ripetere?",
    "too_long": (
        "Questo messaggio è troppo lungo ({length:,} caratteri; il limite è {limit:,}). "
        "Mandane uno più breve, per favore."
    ),
    "got_one_upload": "Ricevuta — è l'immagine {refs}. Cosa ci faccio?",
    "got_uploads": "Ricevute — sono le immagini {refs}. Cosa ci faccio?",
    "not_enabled": "Scusa, qui non sono attivo per te.",
    "flood": (
        "Mi mandi richieste più in fretta di quanto riesca a disegnare. "
        "Aspetta {wait:.0f} s, per favore."
    ),
    "in_progress": "Hai già {count} immagini in lavorazione. Aspetta che siano pronte, per favore.",
    "picture_gone": "Non trovo più quell'immagine.",
    "no_picture_yet": (
        "Qui non c'è ancora nessuna immagine da modificare. "
        "Mandamene una, oppure chiedimi prima di disegnare qualcosa."
    ),
    "button_gone": "Quel pulsante non fa più niente.",
    "no_alternative": "Scusa, ho capito male. Puoi dirlo con altre parole?",
    "did_you_mean": "Intendevi {summary}?",
    # what users call a skill (core.skill_titles), in captions and questions
    "title_text_to_image": "un'immagine nuova",
    "title_image_variation": "una variante",
    "title_instruct_edit": "un ritocco",
    "title_change_background": "uno sfondo nuovo",
    "title_remove_background": "senza sfondo",
    "title_replace_object": "una sostituzione",
    "title_remove_object": "qualcosa di cancellato",
    "title_to_anime": "stile anime",
    "title_style_transfer": "uno stile nuovo",
    "title_sketch_to_image": "un'immagine dal tuo schizzo",
    "title_pose_to_image": "un'immagine con la stessa posa",
    "title_outpaint": "una vista più ampia",
    "title_upscale": "una versione più grande e nitida",
    "title_colorize": "una versione a colori",
    "title_line_art": "un disegno al tratto",
    "title_make_sticker": "uno sticker",
    "title_style_reference": "lo stile di un'altra immagine",
    "title_qr_art": "un codice QR",
    "title_add_text": "testo sull'immagine",
    "title_adjust": "una regolazione",
    "title_adjust_brighter": "più luminosa",
    "title_adjust_darker": "più scura",
    "title_adjust_more_contrast": "più contrasto",
    "title_adjust_less_contrast": "meno contrasto",
    "title_adjust_more_saturated": "colori più vivaci",
    "title_adjust_grayscale": "in bianco e nero",
    "title_adjust_rotate_left": "ruotata a sinistra",
    "title_adjust_rotate_right": "ruotata a destra",
    "title_adjust_flip_horizontal": "specchiata",
    "title_adjust_flip_vertical": "capovolta",
    "title_adjust_crop_square": "ritagliata a quadrato",
    "title_describe_image": "una risposta sull'immagine",
    "title_chat": "solo due chiacchiere",
    "title_undo": "torna a {image}",
    # questions when a request lacks something
    "unknown_skill": "Questo non lo so ancora fare. Cosa vorresti che facessi?",
    "send_image_first": "Quale immagine intendi? Mandami prima un'immagine, per favore.",
    "no_such_image": "Non trovo l'immagine {ref}. Quale intendi? In questa chat ci sono: {refs}.",
    "invalid_argument": "Non ho capito bene i dettagli ({title}). Puoi dirlo in un altro modo?",
    "which_picture_none": "Quale immagine devo usare? Mandami prima un'immagine, per favore.",
    "which_picture": "Quale immagine intendi? Dimmi il suo numero, per esempio #1.",
    "ask_prompt": "Certo — cosa deve mostrare l'immagine?",
    "ask_background": "Certo — che sfondo vorresti?",
    "ask_instruction": "Certo — cosa devo cambiare?",
    "ask_target": "Certo — cosa devo cambiare o togliere?",
    "ask_replacement": "Certo — cosa ci metto al suo posto?",
    "ask_style": "Certo — che stile vorresti?",
    "ask_content": "Certo — cosa deve contenere il codice QR (un link o un testo)?",
    "ask_text": "Certo — che testo devo scrivere?",
    "ask_question": "Certo — cosa vuoi sapere dell'immagine?",
    "ask_message": "Certo — cosa vorresti dire?",
    "ask_operation": (
        "Certo — cosa ci faccio: più chiara, più scura, più o meno contrasto,"
        " colori più vivaci, bianco e nero, ruotarla, specchiarla o ritagliarla quadrata?"
    ),
    "ask_other": "Certo — mi dici qualcosa in più su cosa vuoi?",
    # a job's progress and how it ended
    "queued": "⏳ In coda…",
    "queued_at": "⏳ In coda, posizione {position}…",
    "working": "🎨 Ci sto lavorando…",
    "working_step": "🎨 Ci sto lavorando… passo {step}/{total}",
    "skill_failed": (
        "Scusa, stavolta non ha funzionato. La nostra conversazione e le tue immagini sono al "
        "sicuro — riprova."
    ),
    "model_missing": (
        "Qui non posso ancora farlo: serve un modello che non è installato. "
        "L'ho segnalato agli admin del bot."
    ),
    "not_set_up": (
        "Qui non posso ancora farlo: questo bot non è predisposto per questo. "
        "Ho avvisato i suoi admin."
    ),
    "timed_out": "Ci ha messo più di {limit:.0f} s, quindi l'ho fermato.",
    "queue_down": (
        "Al momento non riesco a raggiungere i miei server per le immagini. "
        "Riprova tra un minuto — la tua conversazione è salvata."
    ),
    "refused_result": (
        "Ho creato un'immagine, ma non ha superato il filtro dei contenuti di questa chat, quindi "
        "non la invierò. Prova a chiedere qualcos'altro."
    ),
    "too_old": (
        "Scusa, sono stato riavviato e ho perso un'immagine che mi avevi chiesto tempo fa. "
        "Chiedimela di nuovo, per favore."
    ),
    "lost_answer": (
        "Scusa, durante il riavvio ho perso la risposta a una delle tue richieste. "
        "Chiedi di nuovo, per favore."
    ),
    "image_missing": (
        "Per questo mi serve l'immagine {ref}, ma non mi è arrivata. Rimandala, per favore."
    ),
    "unknown_job_skill": "Non conosco l'abilità «{skill}».",
    # what a skill found wrong with its input
    "no_subject_to_cut": (
        "Non ho trovato un soggetto chiaro da ritagliare in quell'immagine. "
        "Funziona meglio una foto con una sola cosa principale."
    ),
    "no_subject_here": "Qui non sono riuscito a distinguere il soggetto dallo sfondo.",
    "no_subject": "Non ho trovato un soggetto chiaro in questa immagine.",
    "not_found_in_picture": "Non ho trovato {target!r} nell'immagine.",
    "no_font": (
        "Qui non posso scrivere sulle immagini: non c'è nessun font installato. "
        "Ho avvisato gli admin del bot."
    ),
    "what_text": "Che testo devo scrivere sull'immagine?",
    "upscale_too_big": (
        "Con ×{factor} questa immagine diventerebbe {width}×{height}, più di quanto posso inviare. "
        "È già abbastanza grande."
    ),
    "upscale_too_big_try_2": (
        "Con ×{factor} questa immagine diventerebbe {width}×{height}, più di quanto posso inviare. "
        "Prova con ×2."
    ),
    "qr_too_long": "È troppo testo per un solo codice QR. Accorcialo, per favore.",
    "qr_unscannable": "Non sono riuscito a creare un codice QR leggibile per quel testo.",
    "picture_empty": "L'immagine è arrivata vuota. Puoi rimandarla?",
    "picture_unreadable": (
        "Non sono riuscito a leggere quel file come immagine. "
        "Mandami un'immagine PNG, JPEG o WebP, per favore."
    ),
    "picture_damaged": (
        "Sembra che l'immagine sia danneggiata o tagliata, quindi non sono riuscito ad aprirla. "
        "Puoi rimandarla?"
    ),
    "picture_no_pixels": "Quell'immagine non contiene pixel.",
    "picture_too_large": (
        "Quell'immagine è troppo grande: accetto fino a {megapixels:.0f} megapixel. "
        "Mandane una versione più piccola, per favore."
    ),
    "picture_too_large_sized": (
        "Quell'immagine è troppo grande ({width}×{height}): accetto fino a {megapixels:.0f} "
        "megapixel. Mandane una versione più piccola, per favore."
    ),
    "missing_value": "Mi manca un dettaglio ({title}). Puoi dirmi qualcosa in più su cosa vuoi?",
    "bad_strength": "L'intensità deve essere tra 0 e 1, non {strength}.",
    # uploads refused before anything runs
    "refused_upload": (
        "Non posso lavorare con quell'immagine: non ha superato il filtro dei contenuti di questa "
        "chat. Mandane un'altra, per favore."
    ),
    "upload_empty": "{name} è vuoto. Manda foto o file immagine (PNG, JPEG, WebP, GIF, BMP).",
    "upload_too_large": "{name} è troppo grande ({megabytes:.1f} MB; il limite è {limit:.0f} MB).",
    "upload_vector": (
        "{name} è un disegno vettoriale (SVG), che non posso modificare. "
        "Mandalo come PNG, per favore."
    ),
    "upload_heic": (
        "{name} è una foto HEIC, che non riesco ancora ad aprire. "
        "Mandala come JPEG (o come foto invece che come file)."
    ),
    "upload_not_image": (
        "Posso lavorare solo con foto o file immagine (PNG, JPEG, WebP, GIF, BMP); {name} è {kind}."
    ),
    "upload_too_many_pixels": "{name} ha troppi pixel per poterlo aprire in sicurezza.",
    "upload_pixels_over": (
        "{name} è troppo grande ({width}×{height} pixel; il limite è {megapixels:.0f} megapixel). "
        "Mandane una versione più piccola, per favore."
    ),
    "upload_damaged": (
        "Non sono riuscito a leggere {name} come immagine (forse è danneggiato). "
        "Manda foto o file immagine (PNG, JPEG, WebP, GIF, BMP)."
    ),
    "upload_format": (
        "{name} è un'immagine {kind}; manda foto o file immagine (PNG, JPEG, WebP, GIF, BMP)."
    ),
    "upload_unusable": (
        "Posso lavorare solo con foto o file immagine (PNG, JPEG, WebP, GIF, BMP), e questo "
        "({what}) non lo è. Mandami un'immagine o dimmi cosa disegnare."
    ),
    # what was sent, named for the sentences above ({name}, {kind}, {what})
    "file_without_name": "il file",
    "kind_sticker": "uno sticker",
    "kind_voice_message": "un messaggio vocale",
    "kind_audio_file": "un file audio",
    "kind_video": "un video",
    "kind_video_message": "un videomessaggio",
    "kind_text_file": "un file di testo",
    "kind_pdf": "un documento PDF",
    "kind_other_file": "un altro tipo di file",
    "download_failed": (
        "Non sono riuscito a scaricare la tua immagine da {platform}. Rimandala, per favore."
    ),
    # commands anyone may use
    "help_intro": (
        "Disegno e modifico immagini chiacchierando. Prova:\n"
        "• «disegna un gatto su una spiaggia al tramonto»\n"
        "• manda una foto e di' «fallo in stile anime», «togli lo sfondo», «mettilo a Parigi»\n"
        "• «mettigli gli occhiali da sole», «allarga l'inquadratura», «fallo più grande», "
        "«scrivi “ciao” in alto»\n"
        "• «che razza è?» — rispondo anche a domande sulle immagini"
    ),
    "help_commands": "Comandi: {listed}.",
    "command_reset": "iniziare una nuova conversazione qui",
    "command_undo": "tornare all'immagine precedente",
    "command_help": "cosa so fare",
    "unknown_command": "Non conosco il comando {name}. Manda /help per vedere cosa so fare.",
    "admins_only": "Scusa, {name} è solo per gli admin di questo bot.",
    "fresh_start": (
        "Si ricomincia da capo! Ho dimenticato le nostre immagini precedenti in questa chat."
    ),
    "nothing_to_undo": "Non c'è ancora niente da annullare.",
    "first_picture": "{ref} è la prima immagine qui; prima non c'è niente.",
    "nothing_to_rate": "Non c'è ancora nessuna mia risposta da valutare.",
    "rated_good": "Grazie per il feedback!",
    "rated_bad": "Ne prendo nota — grazie per avermelo detto.",
    # storage
    "store_unavailable": "Al momento non riesco a salvare niente. Riprova tra un minuto.",
    "store_busy": (
        "Sono impegnato a salvare altre cose e non sono riuscito a tenere il tuo messaggio. "
        "Rimandalo tra un minuto, per favore."
    ),
    "store_full": (
        "Ho finito lo spazio di archiviazione, quindi al momento non posso accettare nuove "
        "richieste. Le tue immagini precedenti sono al sicuro."
    ),
    # the Discord /draw command and its options
    "command_draw": "disegnare o modificare un'immagine",
    "draw_request": "cosa disegnare o cambiare",
    "draw_image": "un'immagine da cui partire",
}
