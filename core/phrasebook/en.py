"""The bot's own words in English: the phrase every other language's book translates.

Keys name what is said; values are `str.format` templates whose fields the code fills
in. Every other book has the same keys and the same fields (a test checks it).
"""

PHRASES: dict[str, str] = {
    # the turn
    "nothing_asked": "Tell me what to draw or edit, or send me a picture.",
    "sorry": "Sorry, something went wrong on my side. Please try again.",
    "not_understood": (
        "Sorry, I couldn't work out what you meant just now. Please try again in a moment."
    ),
    "lost_words": "Sorry, I lost my words for a moment. Could you say that again?",
    "too_long": (
        "That message is too long ({length:,} characters; the limit is {limit:,}). "
        "Please send a shorter one."
    ),
    "got_one_upload": "Got it — that's {refs}. What should I do with it?",
    "got_uploads": "Got it — that's {refs}. What should I do with them?",
    "not_enabled": "Sorry, I'm not enabled for you here.",
    "flood": "You're sending requests faster than I can draw. Please wait {wait:.0f} s.",
    "in_progress": "You already have {count} pictures in progress. Please wait for them to finish.",
    "picture_gone": "I can't find that picture any more.",
    "no_picture_yet": (
        "There's no picture here yet to change. Send me one, or ask me to draw something first."
    ),
    "button_gone": "That button doesn't do anything any more.",
    "no_alternative": "Sorry I got that wrong. Could you say it in other words?",
    "did_you_mean": "Did you mean {summary}?",
    # what users call a skill (core.skill_titles), in captions and questions
    "title_text_to_image": "a new picture",
    "title_image_variation": "a variation",
    "title_instruct_edit": "an edit",
    "title_change_background": "a new background",
    "title_remove_background": "the background removed",
    "title_replace_object": "a replacement",
    "title_remove_object": "something removed",
    "title_to_anime": "anime style",
    "title_style_transfer": "a new style",
    "title_sketch_to_image": "a picture from your sketch",
    "title_pose_to_image": "a picture in the same pose",
    "title_outpaint": "a wider view",
    "title_upscale": "a bigger, sharper version",
    "title_colorize": "a colour version",
    "title_line_art": "a line drawing",
    "title_make_sticker": "a sticker",
    "title_style_reference": "the style of another picture",
    "title_qr_art": "a QR code",
    "title_add_text": "text on the picture",
    "title_adjust": "an adjustment",
    "title_adjust_brighter": "brighter",
    "title_adjust_darker": "darker",
    "title_adjust_more_contrast": "more contrast",
    "title_adjust_less_contrast": "less contrast",
    "title_adjust_more_saturated": "more vivid colours",
    "title_adjust_grayscale": "black and white",
    "title_adjust_rotate_left": "rotated left",
    "title_adjust_rotate_right": "rotated right",
    "title_adjust_flip_horizontal": "mirrored left to right",
    "title_adjust_flip_vertical": "flipped upside down",
    "title_adjust_crop_square": "cropped to a square",
    "title_describe_image": "an answer about the picture",
    "title_chat": "just a chat",
    "title_undo": "back to {image}",
    # questions when a request lacks something
    "unknown_skill": "I don't know how to do that yet. What would you like me to do?",
    "send_image_first": "Which picture do you mean? Please send me an image first.",
    "no_such_image": "I can't find image {ref}. Which one do you mean? This chat has {refs}.",
    "invalid_argument": "I didn't quite get the details for {title}. Could you say it another way?",
    "which_picture_none": "Which picture should I use? Please send me an image first.",
    "which_picture": "Which picture do you mean? Tell me its number, like #1.",
    "ask_prompt": "Sure — what should the picture show?",
    "ask_background": "Sure — what background would you like?",
    "ask_instruction": "Sure — what should I change?",
    "ask_target": "Sure — what should I change or remove?",
    "ask_replacement": "Sure — what should I put in its place?",
    "ask_style": "Sure — which style would you like?",
    "ask_content": "Sure — what should the QR code contain (a link or text)?",
    "ask_text": "Sure — what text should I write?",
    "ask_question": "Sure — what would you like to know about the picture?",
    "ask_message": "Sure — what would you like to say?",
    "ask_operation": (
        "Sure — what should I do with it: brighter, darker, more or less contrast,"
        " more vivid colours, black and white, rotate, flip, or crop it square?"
    ),
    "ask_other": "Sure — could you tell me a bit more about what you want?",
    # a job's progress and how it ended
    "queued": "⏳ Queued…",
    "queued_at": "⏳ In the queue, position {position}…",
    "working": "🎨 Working…",
    "working_step": "🎨 Working… step {step}/{total}",
    "skill_failed": (
        "Sorry, that didn't work this time. Your conversation and pictures are safe — "
        "please try again."
    ),
    "model_missing": (
        "I can't do that here yet: it needs a model that isn't installed. "
        "I've noted it for the bot's admins."
    ),
    "not_set_up": "I can't do that here yet: this bot isn't set up for it. I've told its admins.",
    "timed_out": "This took longer than {limit:.0f} s, so I stopped it.",
    "queue_down": (
        "My image workers can't be reached right now. "
        "Please try again in a minute — your conversation is saved."
    ),
    "refused_result": (
        "I made a picture but it didn't pass this chat's content filter, so I won't send it."
        " Try asking for something else."
    ),
    "too_old": (
        "Sorry, I was restarted and lost a picture you asked for a while ago. Please ask again."
    ),
    "lost_answer": (
        "Sorry, I lost the answer to one of your requests while restarting. Please ask again."
    ),
    "image_missing": (
        "I need the picture {ref} for this, but it didn't reach me. Please send it again."
    ),
    "unknown_job_skill": "I don't know the skill '{skill}'.",
    # what a skill found wrong with its input
    "no_subject_to_cut": (
        "I couldn't find a clear subject in that picture to cut out."
        " A photo with one main thing in it works best."
    ),
    "no_subject_here": "I couldn't tell the subject from the background here.",
    "no_subject": "I couldn't find a clear subject in this picture.",
    "not_found_in_picture": "I couldn't find {target!r} in the picture.",
    "no_font": "I can't write on pictures here: no font is installed. I've told the bot's admins.",
    "what_text": "What text should I write on the picture?",
    "upscale_too_big": (
        "×{factor} would make this picture {width}×{height}, more than I can send."
        " It is already large."
    ),
    "upscale_too_big_try_2": (
        "×{factor} would make this picture {width}×{height}, more than I can send. Try ×2."
    ),
    "qr_too_long": "That is too much text for one QR code. Please shorten it.",
    "qr_unscannable": "I couldn't make a QR code that scans for that text.",
    "picture_empty": "The picture arrived empty. Could you send it again?",
    "picture_unreadable": (
        "I couldn't read that file as a picture. Please send a PNG, JPEG or WebP image."
    ),
    "picture_damaged": (
        "That picture seems to be damaged or cut off, so I couldn't open it."
        " Could you send it again?"
    ),
    "picture_no_pixels": "That picture has no pixels in it.",
    "picture_too_large": (
        "That picture is too large: I can take up to {megapixels:.0f} megapixels."
        " Please send a smaller version."
    ),
    "picture_too_large_sized": (
        "That picture is too large ({width}×{height}): I can take up to {megapixels:.0f}"
        " megapixels. Please send a smaller version."
    ),
    "missing_value": (
        "I'm missing a detail for {title}. Could you tell me a bit more about what you want?"
    ),
    "bad_strength": "Strength must be between 0 and 1, not {strength}.",
    # uploads refused before anything runs
    "refused_upload": (
        "I can't work with that picture: it didn't pass this chat's content filter."
        " Please send a different one."
    ),
    "upload_empty": (
        "{name} is empty. Please send photos or image files (PNG, JPEG, WebP, GIF, BMP)."
    ),
    "upload_too_large": "{name} is too large ({megabytes:.1f} MB; the limit is {limit:.0f} MB).",
    "upload_vector": (
        "{name} is a vector drawing (SVG), which I can't edit. Please send it as a PNG."
    ),
    "upload_heic": (
        "{name} is a HEIC photo, which I can't open yet. Please send it as a JPEG "
        "(or as a photo instead of a file)."
    ),
    "upload_not_image": (
        "I can only work with photos or image files (PNG, JPEG, WebP, GIF, BMP); {name} is {kind}."
    ),
    "upload_too_many_pixels": "{name} has too many pixels for me to open safely.",
    "upload_pixels_over": (
        "{name} is too big ({width}×{height} pixels; the limit is {megapixels:.0f} "
        "megapixels). Please send a smaller version."
    ),
    "upload_damaged": (
        "I couldn't read {name} as an image (it may be damaged). "
        "Please send photos or image files (PNG, JPEG, WebP, GIF, BMP)."
    ),
    "upload_format": (
        "{name} is a {kind} image; please send photos or image files (PNG, JPEG, WebP, GIF, BMP)."
    ),
    "upload_unusable": (
        "I can only work with photos or image files (PNG, JPEG, WebP, GIF, BMP); {what} isn't one. "
        "Send a picture, or tell me what to draw."
    ),
    # what was sent, named for the sentences above ({name}, {kind}, {what})
    "file_without_name": "the file",
    "kind_sticker": "a sticker",
    "kind_voice_message": "a voice message",
    "kind_audio_file": "an audio file",
    "kind_video": "a video",
    "kind_video_message": "a video message",
    "kind_text_file": "a text file",
    "kind_pdf": "a PDF document",
    "kind_other_file": "a different kind of file",
    "download_failed": "I couldn't fetch your picture from {platform}. Please send it again.",
    # commands anyone may use
    "help_intro": (
        "I draw and edit pictures through conversation. Try:\n"
        '• "draw a cat on a beach at sunset"\n'
        '• send a photo and say "make it anime", "remove the background", "put it in Paris"\n'
        '• "put sunglasses on it", "zoom out", "make it bigger", "write \'hello\' on top"\n'
        '• "what breed is it?" — I answer questions about pictures'
    ),
    "help_commands": "Commands: {listed}.",
    "command_reset": "start a new conversation here",
    "command_undo": "go back to the previous picture",
    "command_help": "what I can do",
    "unknown_command": "I don't know the command {name}. Send /help to see what I can do.",
    "admins_only": "Sorry, {name} is only for admins of this bot.",
    "fresh_start": "Fresh start! I've forgotten our earlier pictures for this chat.",
    "nothing_to_undo": "There is nothing to undo yet.",
    "first_picture": "{ref} is the first picture here; there is nothing before it.",
    "nothing_to_rate": "There is no answer of mine to rate yet.",
    "rated_good": "Thanks for the feedback!",
    "rated_bad": "Noted — thanks for telling me.",
    # storage
    "store_unavailable": "I can't save anything right now. Please try again in a minute.",
    "store_busy": (
        "I'm busy saving other things and couldn't keep your message. "
        "Please send it again in a minute."
    ),
    "store_full": (
        "I've run out of storage space, so I can't take new requests right now. "
        "Your earlier pictures are safe."
    ),
    # the Discord /draw command and its options (menus capitalise the first letter)
    "command_draw": "draw or edit a picture",
    "draw_request": "what to draw or change",
    "draw_image": "a picture to start from",
}
