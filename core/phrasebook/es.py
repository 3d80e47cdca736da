"""The bot's own words in Spanish (tú)."""

PHRASES: dict[str, str] = {
    # the turn
    "nothing_asked": "Dime qué dibujar o editar, o envíame una imagen.",
    "sorry": "Lo siento, algo falló de mi lado. Inténtalo de nuevo, por favor.",
    "not_understood": (
        "Perdona, ahora mismo no logré entender lo que querías decir. "
        "Inténtalo de nuevo en un momento."
    ),
    "lost_words": "Perdona, me quedé sin palabras un momento. ¿Me lo repites?",
    "too_long": (
        "Ese mensaje es demasiado largo ({length:,} caracteres; el límite es {limit:,}). "
        "Envía uno más corto, por favor."
    ),
    "got_one_upload": "Recibida — es la imagen {refs}. ¿Qué hago con ella?",
    "got_uploads": "Recibidas — son las imágenes {refs}. ¿Qué hago con ellas?",
    "not_enabled": "Lo siento, aquí no estoy activado para ti.",
    "flood": "Me pides cosas más rápido de lo que puedo dibujar. Espera {wait:.0f} s, por favor.",
    "in_progress": "Ya tienes {count} imágenes en proceso. Espera a que terminen, por favor.",
    "picture_gone": "Ya no encuentro esa imagen.",
    "no_picture_yet": (
        "Aquí todavía no hay ninguna imagen que cambiar. "
        "Mándame una o pídeme primero que dibuje algo."
    ),
    "button_gone": "Ese botón ya no hace nada.",
    "no_alternative": "Perdona, lo entendí mal. ¿Puedes decirlo con otras palabras?",
    "did_you_mean": "¿Querías decir {summary}?",
    # what users call a skill (core.skill_titles), in captions and questions
    "title_text_to_image": "una imagen nueva",
    "title_image_variation": "una variación",
    "title_instruct_edit": "un retoque",
    "title_change_background": "un fondo nuevo",
    "title_remove_background": "sin fondo",
    "title_replace_object": "un reemplazo",
    "title_remove_object": "algo borrado",
    "title_to_anime": "estilo anime",
    "title_style_transfer": "un estilo nuevo",
    "title_sketch_to_image": "una imagen a partir de tu boceto",
    "title_pose_to_image": "una imagen con la misma pose",
    "title_outpaint": "una vista más amplia",
    "title_upscale": "una versión más grande y nítida",
    "title_colorize": "una versión en color",
    "title_line_art": "un dibujo de líneas",
    "title_make_sticker": "un sticker",
    "title_style_reference": "el estilo de otra imagen",
    "title_qr_art": "un código QR",
    "title_add_text": "texto en la imagen",
    "title_adjust": "un ajuste",
    "title_adjust_brighter": "más brillo",
    "title_adjust_darker": "más oscura",
    "title_adjust_more_contrast": "más contraste",
    "title_adjust_less_contrast": "menos contraste",
    "title_adjust_more_saturated": "colores más vivos",
    "title_adjust_grayscale": "en blanco y negro",
    "title_adjust_rotate_left": "girada a la izquierda",
    "title_adjust_rotate_right": "girada a la derecha",
    "title_adjust_flip_horizontal": "en espejo",
    "title_adjust_flip_vertical": "boca abajo",
    "title_adjust_crop_square": "recortada en cuadrado",
    "title_describe_image": "una respuesta sobre la imagen",
    "title_chat": "solo charlar",
    "title_undo": "volver a {image}",
    # questions when a request lacks something
    "unknown_skill": "Eso todavía no sé hacerlo. ¿Qué quieres que haga?",
    "send_image_first": "¿A qué imagen te refieres? Primero envíame una, por favor.",
    "no_such_image": "No encuentro la imagen {ref}. ¿A cuál te refieres? En este chat hay: {refs}.",
    "invalid_argument": "No entendí bien los detalles ({title}). ¿Puedes decirlo de otra forma?",
    "which_picture_none": "¿Qué imagen uso? Primero envíame una, por favor.",
    "which_picture": "¿A qué imagen te refieres? Dime su número, por ejemplo #1.",
    "ask_prompt": "Claro — ¿qué debe mostrar la imagen?",
    "ask_background": "Claro — ¿qué fondo te gustaría?",
    "ask_instruction": "Claro — ¿qué cambio?",
    "ask_target": "Claro — ¿qué cambio o quito?",
    "ask_replacement": "Claro — ¿qué pongo en su lugar?",
    "ask_style": "Claro — ¿qué estilo te gustaría?",
    "ask_content": "Claro — ¿qué debe contener el código QR (un enlace o un texto)?",
    "ask_text": "Claro — ¿qué texto escribo?",
    "ask_question": "Claro — ¿qué quieres saber de la imagen?",
    "ask_message": "Claro — ¿qué te gustaría decir?",
    "ask_operation": (
        "Claro — ¿qué le hago: más brillo, más oscura, más o menos contraste,"
        " colores más vivos, blanco y negro, girarla, voltearla o recortarla en cuadrado?"
    ),
    "ask_other": "Claro — ¿me cuentas un poco más de lo que quieres?",
    # a job's progress and how it ended
    "queued": "⏳ En cola…",
    "queued_at": "⏳ En la cola, posición {position}…",
    "working": "🎨 Trabajando…",
    "working_step": "🎨 Trabajando… paso {step}/{total}",
    "skill_failed": (
        "Lo siento, esta vez no funcionó. Tu conversación y tus imágenes están a salvo — inténtalo "
        "de nuevo."
    ),
    "model_missing": (
        "Aquí todavía no puedo hacer eso: necesita un modelo que no está instalado. "
        "Ya se lo anoté a los administradores del bot."
    ),
    "not_set_up": (
        "Aquí todavía no puedo hacer eso: este bot no está preparado para ello. "
        "Ya avisé a sus administradores."
    ),
    "timed_out": "Esto tardó más de {limit:.0f} s, así que lo detuve.",
    "queue_down": (
        "Ahora mismo no puedo conectar con mis servidores de imágenes. "
        "Inténtalo de nuevo en un minuto — tu conversación está guardada."
    ),
    "refused_result": (
        "Hice una imagen, pero no pasó el filtro de contenido de este chat, así que no la enviaré. "
        "Prueba a pedir otra cosa."
    ),
    "too_old": (
        "Lo siento, me reiniciaron y perdí una imagen que me pediste hace un rato. "
        "Pídemela otra vez, por favor."
    ),
    "lost_answer": (
        "Lo siento, al reiniciarme perdí la respuesta a una de tus peticiones. "
        "Vuelve a pedirlo, por favor."
    ),
    "image_missing": (
        "Para esto necesito la imagen {ref}, pero no me llegó. Envíala otra vez, por favor."
    ),
    "unknown_job_skill": "No conozco la habilidad «{skill}».",
    # what a skill found wrong with its input
    "no_subject_to_cut": (
        "No encontré un sujeto claro que recortar en esa imagen. "
        "Funciona mejor una foto con un solo elemento principal."
    ),
    "no_subject_here": "Aquí no logré distinguir el sujeto del fondo.",
    "no_subject": "No encontré un sujeto claro en esta imagen.",
    "not_found_in_picture": "No encontré {target!r} en la imagen.",
    "no_font": (
        "Aquí no puedo escribir sobre imágenes: no hay ninguna fuente instalada. "
        "Ya avisé a los administradores del bot."
    ),
    "what_text": "¿Qué texto escribo en la imagen?",
    "upscale_too_big": (
        "Con ×{factor} esta imagen quedaría de {width}×{height}, más de lo que puedo enviar. "
        "Ya es bastante grande."
    ),
    "upscale_too_big_try_2": (
        "Con ×{factor} esta imagen quedaría de {width}×{height}, más de lo que puedo enviar. "
        "Prueba con ×2."
    ),
    "qr_too_long": "Es demasiado texto para un solo código QR. Acórtalo, por favor.",
    "qr_unscannable": "No pude crear un código QR legible con ese texto.",
    "picture_empty": "La imagen llegó vacía. ¿Puedes enviarla otra vez?",
    "picture_unreadable": (
        "No pude leer ese archivo como imagen. Envía una imagen PNG, JPEG o WebP, por favor."
    ),
    "picture_damaged": (
        "Parece que esa imagen está dañada o cortada, así que no pude abrirla. "
        "¿Puedes enviarla otra vez?"
    ),
    "picture_no_pixels": "Esa imagen no tiene píxeles.",
    "picture_too_large": (
        "Esa imagen es demasiado grande: acepto hasta {megapixels:.0f} megapíxeles. "
        "Envía una versión más pequeña, por favor."
    ),
    "picture_too_large_sized": (
        "Esa imagen es demasiado grande ({width}×{height}): acepto hasta {megapixels:.0f} "
        "megapíxeles. Envía una versión más pequeña, por favor."
    ),
    "missing_value": "Me falta un detalle ({title}). ¿Me cuentas un poco más de lo que quieres?",
    "bad_strength": "La intensidad debe estar entre 0 y 1, no {strength}.",
    # uploads refused before anything runs
    "refused_upload": (
        "No puedo trabajar con esa imagen: no pasó el filtro de contenido de este chat. "
        "Envía otra, por favor."
    ),
    "upload_empty": (
        "{name} está vacío. Envía fotos o archivos de imagen (PNG, JPEG, WebP, GIF, BMP)."
    ),
    "upload_too_large": (
        "{name} es demasiado grande ({megabytes:.1f} MB; el límite es {limit:.0f} MB)."
    ),
    "upload_vector": (
        "{name} es un dibujo vectorial (SVG) y no puedo editarlo. Envíalo como PNG, por favor."
    ),
    "upload_heic": (
        "{name} es una foto HEIC y todavía no puedo abrirla. "
        "Envíala como JPEG (o como foto en vez de archivo)."
    ),
    "upload_not_image": (
        "Solo puedo trabajar con fotos o archivos de imagen (PNG, JPEG, WebP, GIF, BMP); {name} es "
        "{kind}."
    ),
    "upload_too_many_pixels": "{name} tiene demasiados píxeles para abrirlo de forma segura.",
    "upload_pixels_over": (
        "{name} es demasiado grande ({width}×{height} píxeles; "
        "el límite es {megapixels:.0f} megapíxeles). Envía una versión más pequeña, por favor."
    ),
    "upload_damaged": (
        "No pude leer {name} como imagen (puede estar dañado). "
        "Envía fotos o archivos de imagen (PNG, JPEG, WebP, GIF, BMP)."
    ),
    "upload_format": (
        "{name} es una imagen {kind}; envía fotos o archivos de imagen (PNG, JPEG, WebP, GIF, BMP)."
    ),
    "upload_unusable": (
        "Solo puedo trabajar con fotos o archivos de imagen (PNG, JPEG, WebP, GIF, BMP), y esto "
        "({what}) no lo es. Envía una imagen o dime qué dibujar."
    ),
    # what was sent, named for the sentences above ({name}, {kind}, {what})
    "file_without_name": "el archivo",
    "kind_sticker": "un sticker",
    "kind_voice_message": "un mensaje de voz",
    "kind_audio_file": "un archivo de audio",
    "kind_video": "un vídeo",
    "kind_video_message": "un videomensaje",
    "kind_text_file": "un archivo de texto",
    "kind_pdf": "un documento PDF",
    "kind_other_file": "otro tipo de archivo",
    "download_failed": "No pude descargar tu imagen de {platform}. Envíala otra vez, por favor.",
    # commands anyone may use
    "help_intro": (
        "Dibujo y edito imágenes conversando contigo. Prueba:\n"
        "• «dibuja un gato en la playa al atardecer»\n"
        "• envía una foto y di «hazlo anime», «quítale el fondo», «ponlo en París»\n"
        "• «ponle gafas de sol», «aleja la cámara», «hazlo más grande», «escribe “hola” arriba»\n"
        "• «¿de qué raza es?» — respondo preguntas sobre las imágenes"
    ),
    "help_commands": "Comandos: {listed}.",
    "command_reset": "empezar una conversación nueva aquí",
    "command_undo": "volver a la imagen anterior",
    "command_help": "lo que puedo hacer",
    "unknown_command": "No conozco el comando {name}. Envía /help para ver lo que puedo hacer.",
    "admins_only": "Lo siento, {name} es solo para los administradores de este bot.",
    "fresh_start": "¡Empezamos de cero! Ya olvidé nuestras imágenes anteriores de este chat.",
    "nothing_to_undo": "Todavía no hay nada que deshacer.",
    "first_picture": "{ref} es la primera imagen de aquí; no hay ninguna antes.",
    "nothing_to_rate": "Todavía no hay ninguna respuesta mía que valorar.",
    "rated_good": "¡Gracias por tu opinión!",
    "rated_bad": "Anotado — gracias por decírmelo.",
    # storage
    "store_unavailable": "Ahora mismo no puedo guardar nada. Inténtalo de nuevo en un minuto.",
    "store_busy": (
        "Estoy ocupado guardando otras cosas y no pude conservar tu mensaje. "
        "Envíalo otra vez en un minuto, por favor."
    ),
    "store_full": (
        "Me quedé sin espacio de almacenamiento, así que ahora no puedo aceptar nuevas peticiones. "
        "Tus imágenes anteriores están a salvo."
    ),
    # the Discord /draw command and its options
    "command_draw": "dibujar o editar una imagen",
    "draw_request": "qué dibujar o cambiar",
    "draw_image": "una imagen de la que partir",
}
