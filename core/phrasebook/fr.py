"""The bot's own words in French (tu)."""

PHRASES: dict[str, str] = {
    # the turn
    "nothing_asked": "Dis-moi quoi dessiner ou modifier, ou envoie-moi une image.",
    "sorry": "Désolé, un problème est survenu de mon côté. Réessaie, s'il te plaît.",
    "not_understood": (
        "Désolé, je n'ai pas compris ce que tu voulais dire. Réessaie dans un instant."
    ),
    "lost_words": "Désolé, j'ai perdu mes mots un instant. Tu peux répéter ?",
    "too_long": (
        "Ce message est trop long ({length:,} caractères ; la limite est de {limit:,}). "
        "Envoie-en un plus court, s'il te plaît."
    ),
    "got_one_upload": "Bien reçu — c'est l'image {refs}. Qu'est-ce que j'en fais ?",
    "got_uploads": "Bien reçu — ce sont les images {refs}. Qu'est-ce que j'en fais ?",
    "not_enabled": "Désolé, je ne suis pas activé pour toi ici.",
    "flood": (
        "Tu envoies des demandes plus vite que je ne peux dessiner. "
        "Attends {wait:.0f} s, s'il te plaît."
    ),
    "in_progress": (
        "Tu as déjà {count} images en cours. Attends qu'elles soient terminées, s'il te plaît."
    ),
    "picture_gone": "Je ne retrouve plus cette image.",
    "no_picture_yet": (
        "Il n'y a pas encore d'image à modifier ici. "
        "Envoie-m'en une, ou demande-moi d'abord de dessiner quelque chose."
    ),
    "button_gone": "Ce bouton ne fait plus rien.",
    "no_alternative": "Désolé, j'ai mal compris. Tu peux le dire autrement ?",
    "did_you_mean": "Tu voulais dire {summary} ?",
    # what users call a skill (core.skill_titles), in captions and questions
    "title_text_to_image": "une nouvelle image",
    "title_image_variation": "une variante",
    "title_instruct_edit": "une retouche",
    "title_change_background": "un nouveau fond",
    "title_remove_background": "sans fond",
    "title_replace_object": "un remplacement",
    "title_remove_object": "quelque chose d'effacé",
    "title_to_anime": "le style anime",
    "title_style_transfer": "un nouveau style",
    "title_sketch_to_image": "une image d'après ton croquis",
    "title_pose_to_image": "une image dans la même pose",
    "title_outpaint": "une vue plus large",
    "title_upscale": "une version plus grande et plus nette",
    "title_colorize": "une version en couleur",
    "title_line_art": "un dessin au trait",
    "title_make_sticker": "un autocollant",
    "title_style_reference": "le style d'une autre image",
    "title_qr_art": "un code QR",
    "title_add_text": "du texte sur l'image",
    "title_adjust": "un réglage",
    "title_adjust_brighter": "plus lumineuse",
    "title_adjust_darker": "plus sombre",
    "title_adjust_more_contrast": "plus de contraste",
    "title_adjust_less_contrast": "moins de contraste",
    "title_adjust_more_saturated": "des couleurs plus vives",
    "title_adjust_grayscale": "en noir et blanc",
    "title_adjust_rotate_left": "tournée vers la gauche",
    "title_adjust_rotate_right": "tournée vers la droite",
    "title_adjust_flip_horizontal": "en miroir",
    "title_adjust_flip_vertical": "la tête en bas",
    "title_adjust_crop_square": "recadrée en carré",
    "title_describe_image": "une réponse sur l'image",
    "title_chat": "juste discuter",
    "title_undo": "retour à {image}",
    # questions when a request lacks something
    "unknown_skill": "Ça, je ne sais pas encore le faire. Qu'est-ce que tu voudrais que je fasse ?",
    "send_image_first": "De quelle image parles-tu ? Envoie-moi d'abord une image.",
    "no_such_image": (
        "Je ne trouve pas l'image {ref}. Laquelle veux-tu dire ? Dans ce chat, il y a : {refs}."
    ),
    "invalid_argument": (
        "Je n'ai pas bien compris les détails ({title}). Tu peux le dire autrement ?"
    ),
    "which_picture_none": "Quelle image dois-je utiliser ? Envoie-moi d'abord une image.",
    "which_picture": "De quelle image parles-tu ? Donne-moi son numéro, par exemple #1.",
    "ask_prompt": "Bien sûr — que doit montrer l'image ?",
    "ask_background": "Bien sûr — quel arrière-plan veux-tu ?",
    "ask_instruction": "Bien sûr — qu'est-ce que je dois changer ?",
    "ask_target": "Bien sûr — qu'est-ce que je dois changer ou enlever ?",
    "ask_replacement": "Bien sûr — qu'est-ce que je mets à la place ?",
    "ask_style": "Bien sûr — quel style veux-tu ?",
    "ask_content": "Bien sûr — que doit contenir le QR code (un lien ou du texte) ?",
    "ask_text": "Bien sûr — quel texte dois-je écrire ?",
    "ask_question": "Bien sûr — que veux-tu savoir sur l'image ?",
    "ask_message": "Bien sûr — qu'est-ce que tu veux dire ?",
    "ask_operation": (
        "Bien sûr — je fais quoi : plus clair, plus sombre, plus ou moins de contraste,"
        " des couleurs plus vives, noir et blanc, pivoter, retourner ou recadrer en carré ?"
    ),
    "ask_other": "Bien sûr — tu peux m'en dire un peu plus sur ce que tu veux ?",
    # a job's progress and how it ended
    "queued": "⏳ En file d'attente…",
    "queued_at": "⏳ En file d'attente, position {position}…",
    "working": "🎨 Je m'en occupe…",
    "working_step": "🎨 Je m'en occupe… étape {step}/{total}",
    "skill_failed": (
        "Désolé, ça n'a pas marché cette fois. Notre conversation et tes images sont en sécurité — "
        "réessaie."
    ),
    "model_missing": (
        "Je ne peux pas encore faire ça ici : il faut un modèle qui n'est pas installé. "
        "Je l'ai signalé aux admins du bot."
    ),
    "not_set_up": (
        "Je ne peux pas encore faire ça ici : ce bot n'est pas prévu pour ça. "
        "J'ai prévenu ses admins."
    ),
    "timed_out": "Ça a pris plus de {limit:.0f} s, alors je l'ai arrêté.",
    "queue_down": (
        "Je n'arrive pas à joindre mes serveurs d'images pour l'instant. "
        "Réessaie dans une minute — ta conversation est enregistrée."
    ),
    "refused_result": (
        "J'ai fait une image, mais elle n'a pas passé le filtre de contenu de ce chat, donc je ne "
        "l'enverrai pas. Essaie de demander autre chose."
    ),
    "too_old": (
        "Désolé, j'ai redémarré et j'ai perdu une image que tu avais demandée il y a un moment. "
        "Redemande-la, s'il te plaît."
    ),
    "lost_answer": (
        "Désolé, en redémarrant j'ai perdu la réponse à une de tes demandes. "
        "Redemande, s'il te plaît."
    ),
    "image_missing": (
        "J'ai besoin de l'image {ref} pour ça, mais elle ne m'est pas parvenue. "
        "Renvoie-la, s'il te plaît."
    ),
    "unknown_job_skill": "Je ne connais pas la compétence « {skill} ».",
    # what a skill found wrong with its input
    "no_subject_to_cut": (
        "Je n'ai pas trouvé de sujet net à détourer dans cette image. "
        "Ça marche mieux avec une photo centrée sur une seule chose."
    ),
    "no_subject_here": "Ici, je n'ai pas réussi à distinguer le sujet de l'arrière-plan.",
    "no_subject": "Je n'ai pas trouvé de sujet net dans cette image.",
    "not_found_in_picture": "Je n'ai pas trouvé {target!r} dans l'image.",
    "no_font": (
        "Je ne peux pas écrire sur les images ici : aucune police n'est installée. "
        "J'ai prévenu les admins du bot."
    ),
    "what_text": "Quel texte dois-je écrire sur l'image ?",
    "upscale_too_big": (
        "En ×{factor}, cette image ferait {width}×{height}, c'est plus que ce que je peux envoyer. "
        "Elle est déjà grande."
    ),
    "upscale_too_big_try_2": (
        "En ×{factor}, cette image ferait {width}×{height}, c'est plus que ce que je peux envoyer. "
        "Essaie ×2."
    ),
    "qr_too_long": "C'est trop de texte pour un seul QR code. Raccourcis-le, s'il te plaît.",
    "qr_unscannable": "Je n'ai pas pu faire un QR code lisible pour ce texte.",
    "picture_empty": "L'image est arrivée vide. Tu peux la renvoyer ?",
    "picture_unreadable": (
        "Je n'ai pas pu lire ce fichier comme une image. "
        "Envoie une image PNG, JPEG ou WebP, s'il te plaît."
    ),
    "picture_damaged": (
        "Cette image semble abîmée ou coupée, donc je n'ai pas pu l'ouvrir. Tu peux la renvoyer ?"
    ),
    "picture_no_pixels": "Cette image ne contient aucun pixel.",
    "picture_too_large": (
        "Cette image est trop grande : j'accepte jusqu'à {megapixels:.0f} mégapixels. "
        "Envoie une version plus petite, s'il te plaît."
    ),
    "picture_too_large_sized": (
        "Cette image est trop grande ({width}×{height}) : j'accepte jusqu'à {megapixels:.0f} "
        "mégapixels. Envoie une version plus petite, s'il te plaît."
    ),
    "missing_value": (
        "Il me manque un détail ({title}). Tu peux m'en dire un peu plus sur ce que tu veux ?"
    ),
    "bad_strength": "L'intensité doit être comprise entre 0 et 1, pas {strength}.",
    # uploads refused before anything runs
    "refused_upload": (
        "Je ne peux pas utiliser cette image : elle n'a pas passé le filtre de contenu de ce chat. "
        "Envoie-en une autre, s'il te plaît."
    ),
    "upload_empty": (
        "{name} est vide. Envoie des photos ou des fichiers image (PNG, JPEG, WebP, GIF, BMP)."
    ),
    "upload_too_large": (
        "{name} est trop lourd ({megabytes:.1f} MB ; la limite est de {limit:.0f} MB)."
    ),
    "upload_vector": (
        "{name} est un dessin vectoriel (SVG), que je ne peux pas modifier. "
        "Envoie-le en PNG, s'il te plaît."
    ),
    "upload_heic": (
        "{name} est une photo HEIC, que je ne peux pas encore ouvrir. "
        "Envoie-la en JPEG (ou comme photo plutôt que comme fichier)."
    ),
    "upload_not_image": (
        "Je ne peux utiliser que des photos ou des fichiers image (PNG, JPEG, WebP, GIF, BMP) ; "
        "{name} est {kind}."
    ),
    "upload_too_many_pixels": "{name} a trop de pixels pour que je puisse l'ouvrir sans risque.",
    "upload_pixels_over": (
        "{name} est trop grand ({width}×{height} pixels ; "
        "la limite est de {megapixels:.0f} mégapixels). "
        "Envoie une version plus petite, s'il te plaît."
    ),
    "upload_damaged": (
        "Je n'ai pas pu lire {name} comme une image (le fichier est peut-être abîmé). "
        "Envoie des photos ou des fichiers image (PNG, JPEG, WebP, GIF, BMP)."
    ),
    "upload_format": (
        "{name} est une image {kind} ; envoie des photos ou des fichiers image (PNG, JPEG, WebP, "
        "GIF, BMP)."
    ),
    "upload_unusable": (
        "Je ne peux utiliser que des photos ou des fichiers image (PNG, JPEG, WebP, GIF, BMP), et "
        "ceci ({what}) n'en est pas un. Envoie une image, ou dis-moi quoi dessiner."
    ),
    # what was sent, named for the sentences above ({name}, {kind}, {what})
    "file_without_name": "le fichier",
    "kind_sticker": "un autocollant",
    "kind_voice_message": "un message vocal",
    "kind_audio_file": "un fichier audio",
    "kind_video": "une vidéo",
    "kind_video_message": "un message vidéo",
    "kind_text_file": "un fichier texte",
    "kind_pdf": "un document PDF",
    "kind_other_file": "un autre type de fichier",
    "download_failed": (
        "Je n'ai pas pu récupérer ton image depuis {platform}. Renvoie-la, s'il te plaît."
    ),
    # commands anyone may use
    "help_intro": (
        "Je dessine et retouche des images en discutant avec toi. Essaie :\n"
        "• « dessine un chat sur une plage au coucher du soleil »\n"
        "• envoie une photo et dis « transforme-la en anime », « enlève le fond », "
        "« mets-la à Paris »\n"
        "• « mets-lui des lunettes de soleil », « dézoome un peu », « agrandis-la », "
        "« écris “salut” en haut »\n"
        "• « c'est quelle race ? » — je réponds aussi aux questions sur les images"
    ),
    "help_commands": "Commandes : {listed}.",
    "command_reset": "démarrer une nouvelle conversation ici",
    "command_undo": "revenir à l'image précédente",
    "command_help": "ce que je sais faire",
    "unknown_command": (
        "Je ne connais pas la commande {name}. Envoie /help pour voir ce que je sais faire."
    ),
    "admins_only": "Désolé, {name} est réservé aux admins de ce bot.",
    "fresh_start": "On repart de zéro ! J'ai oublié nos images précédentes dans ce chat.",
    "nothing_to_undo": "Il n'y a encore rien à annuler.",
    "first_picture": "{ref} est la première image ici ; il n'y a rien avant.",
    "nothing_to_rate": "Je n'ai encore donné aucune réponse à noter.",
    "rated_good": "Merci pour ton retour !",
    "rated_bad": "C'est noté — merci de me l'avoir dit.",
    # storage
    "store_unavailable": "Je ne peux rien enregistrer pour l'instant. Réessaie dans une minute.",
    "store_busy": (
        "Je suis occupé à enregistrer autre chose et je n'ai pas pu garder ton message. "
        "Renvoie-le dans une minute, s'il te plaît."
    ),
    "store_full": (
        "Je n'ai plus d'espace de stockage, donc je ne peux pas prendre de nouvelles demandes pour "
        "l'instant. Tes images précédentes sont en sécurité."
    ),
    # the Discord /draw command and its options
    "command_draw": "dessiner ou retoucher une image",
    "draw_request": "ce que je dois dessiner ou changer",
    "draw_image": "une image de départ",
}
