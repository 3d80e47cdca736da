"""The bot's own words in Arabic (Modern Standard, simple)."""

PHRASES: dict[str, str] = {
    # the turn
    "nothing_asked": "أخبرني ماذا أرسم أو أعدّل، أو أرسل لي صورة.",
    "sorry": "عذراً، حدث خطأ من جهتي. حاول مرة أخرى من فضلك.",
    "not_understood": "عذراً، لم أفهم ما تقصده الآن. حاول مرة أخرى بعد قليل.",
    "lost_words": "عذراً، ضاعت مني الكلمات للحظة. هل يمكنك أن تعيد ما قلته؟",
    "too_long": (
        "هذه الرسالة طويلة جداً (عدد الأحرف: {length:,}؛ الحد الأقصى: {limit:,}). "
        "أرسل رسالة أقصر من فضلك."
    ),
    "got_one_upload": "وصلتني — هذه الصورة {refs}. ماذا أفعل بها؟",
    "got_uploads": "وصلتني — هذه الصور {refs}. ماذا أفعل بها؟",
    "not_enabled": "عذراً، أنا غير مفعّل لك هنا.",
    "flood": "أنت ترسل الطلبات أسرع مما أستطيع أن أرسم. انتظر {wait:.0f} ثانية من فضلك.",
    "in_progress": "لديك بالفعل صور قيد الإنشاء (عددها {count}). انتظر حتى تكتمل من فضلك.",
    "picture_gone": "لم أعد أجد تلك الصورة.",
    "no_picture_yet": (
        "لا توجد هنا صورة بعد لأعدّلها. أرسل لي واحدة، أو اطلب مني أن أرسم شيئاً أولاً."
    ),
    "button_gone": "هذا الزر لم يعد يفعل شيئاً.",
    "no_alternative": "عذراً، فهمت ذلك بشكل خاطئ. هل يمكنك قولها بكلمات أخرى؟",
    "did_you_mean": "هل تقصد {summary}؟",
    # what users call a skill (core.skill_titles), in captions and questions
    "title_text_to_image": "صورة جديدة",
    "title_image_variation": "نسخة مختلفة",
    "title_instruct_edit": "تعديل",
    "title_change_background": "خلفية جديدة",
    "title_remove_background": "بدون خلفية",
    "title_replace_object": "استبدال",
    "title_remove_object": "حذف شيء",
    "title_to_anime": "أسلوب الأنمي",
    "title_style_transfer": "أسلوب جديد",
    "title_sketch_to_image": "صورة من رسمتك",
    "title_pose_to_image": "صورة بنفس الوضعية",
    "title_outpaint": "منظر أوسع",
    "title_upscale": "نسخة أكبر وأوضح",
    "title_colorize": "نسخة ملوّنة",
    "title_line_art": "رسم بالخطوط",
    "title_make_sticker": "ملصق",
    "title_style_reference": "أسلوب صورة أخرى",
    "title_qr_art": "رمز QR",
    "title_add_text": "نص على الصورة",
    "title_adjust": "ضبط",
    "title_adjust_brighter": "أكثر إشراقًا",
    "title_adjust_darker": "أغمق",
    "title_adjust_more_contrast": "تباين أعلى",
    "title_adjust_less_contrast": "تباين أقل",
    "title_adjust_more_saturated": "ألوان أكثر حيوية",
    "title_adjust_grayscale": "أبيض وأسود",
    "title_adjust_rotate_left": "تدوير لليسار",
    "title_adjust_rotate_right": "تدوير لليمين",
    "title_adjust_flip_horizontal": "قلب كالمرآة",
    "title_adjust_flip_vertical": "قلب رأسًا على عقب",
    "title_adjust_crop_square": "قص مربع",
    "title_describe_image": "إجابة عن الصورة",
    "title_chat": "مجرد دردشة",
    "title_undo": "العودة إلى {image}",
    # questions when a request lacks something
    "unknown_skill": "لا أعرف كيف أفعل هذا بعد. ماذا تريد أن أفعل؟",
    "send_image_first": "أي صورة تقصد؟ أرسل لي صورة أولاً من فضلك.",
    "no_such_image": "لا أجد الصورة {ref}. أي صورة تقصد؟ في هذه المحادثة: {refs}.",
    "invalid_argument": "لم أفهم التفاصيل جيداً ({title}). هل يمكنك أن تقولها بطريقة أخرى؟",
    "which_picture_none": "أي صورة أستخدم؟ أرسل لي صورة أولاً من فضلك.",
    "which_picture": "أي صورة تقصد؟ أخبرني برقمها، مثل #1.",
    "ask_prompt": "بالتأكيد — ماذا تريد أن تُظهر الصورة؟",
    "ask_background": "بالتأكيد — أي خلفية تريد؟",
    "ask_instruction": "بالتأكيد — ماذا أغيّر؟",
    "ask_target": "بالتأكيد — ماذا أغيّر أو أزيل؟",
    "ask_replacement": "بالتأكيد — ماذا أضع مكانه؟",
    "ask_style": "بالتأكيد — أي أسلوب تريد؟",
    "ask_content": "بالتأكيد — ماذا تريد أن يحتوي رمز QR (رابطاً أم نصاً)؟",
    "ask_text": "بالتأكيد — ما النص الذي أكتبه؟",
    "ask_question": "بالتأكيد — ماذا تريد أن تعرف عن الصورة؟",
    "ask_message": "بالتأكيد — ماذا تريد أن تقول؟",
    "ask_operation": (
        "بالتأكيد — ماذا أفعل بها: أفتح، أغمق، تباين أكثر أو أقل،"
        " ألوان أزهى، أبيض وأسود، تدوير، قلب، أو قص مربع؟"
    ),
    "ask_other": "بالتأكيد — هل يمكنك أن تخبرني أكثر قليلاً عما تريد؟",
    # a job's progress and how it ended
    "queued": "⏳ في قائمة الانتظار…",
    "queued_at": "⏳ في قائمة الانتظار، الترتيب {position}…",
    "working": "🎨 جارٍ العمل…",
    "working_step": "🎨 جارٍ العمل… الخطوة {step}/{total}",
    "skill_failed": "عذراً، لم ينجح ذلك هذه المرة. محادثتك وصورك في أمان — حاول مرة أخرى من فضلك.",
    "model_missing": (
        "لا أستطيع فعل ذلك هنا بعد: يحتاج إلى نموذج غير مثبّت. سجّلت ذلك لمشرفي البوت."
    ),
    "not_set_up": "لا أستطيع فعل ذلك هنا بعد: هذا البوت غير مُعدّ لذلك. أبلغت مشرفيه.",
    "timed_out": "استغرق هذا أكثر من {limit:.0f} ثانية، لذا أوقفته.",
    "queue_down": (
        "لا أستطيع الوصول إلى خوادم الصور الآن. حاول مرة أخرى بعد دقيقة — محادثتك محفوظة."
    ),
    "refused_result": (
        "صنعت صورة لكنها لم تجتز مرشّح المحتوى في هذه المحادثة، لذا لن أرسلها. جرّب أن تطلب شيئاً آخر."
    ),
    "too_old": "عذراً، أُعيد تشغيلي وفقدت صورة طلبتها قبل مدة. اطلبها مرة أخرى من فضلك.",
    "lost_answer": "عذراً، فقدت الرد على أحد طلباتك أثناء إعادة التشغيل. اطلبه مرة أخرى من فضلك.",
    "image_missing": "أحتاج إلى الصورة {ref} لهذا، لكنها لم تصلني. أرسلها مرة أخرى من فضلك.",
    "unknown_job_skill": "لا أعرف المهارة «{skill}».",
    # what a skill found wrong with its input
    "no_subject_to_cut": (
        "لم أجد في تلك الصورة عنصراً واضحاً لأقصّه. تنجح أكثر الصور التي فيها شيء رئيسي واحد."
    ),
    "no_subject_here": "لم أستطع تمييز العنصر عن الخلفية هنا.",
    "no_subject": "لم أجد عنصراً واضحاً في هذه الصورة.",
    "not_found_in_picture": "لم أجد {target!r} في الصورة.",
    "no_font": "لا أستطيع الكتابة على الصور هنا: لا يوجد خط مثبّت. أبلغت مشرفي البوت.",
    "what_text": "ما النص الذي أكتبه على الصورة؟",
    "upscale_too_big": (
        "التكبير ×{factor} سيجعل هذه الصورة {width}×{height}، وهذا أكبر مما أستطيع إرساله. "
        "إنها كبيرة بالفعل."
    ),
    "upscale_too_big_try_2": (
        "التكبير ×{factor} سيجعل هذه الصورة {width}×{height}، وهذا أكبر مما أستطيع إرساله. جرّب ×2."
    ),
    "qr_too_long": "هذا نص طويل جداً على رمز QR واحد. اختصره من فضلك.",
    "qr_unscannable": "لم أستطع إنشاء رمز QR قابل للمسح لهذا النص.",
    "picture_empty": "وصلت الصورة فارغة. هل يمكنك إرسالها مرة أخرى؟",
    "picture_unreadable": "لم أستطع قراءة هذا الملف كصورة. أرسل صورة PNG أو JPEG أو WebP من فضلك.",
    "picture_damaged": (
        "يبدو أن تلك الصورة تالفة أو مقطوعة، لذا لم أستطع فتحها. هل يمكنك إرسالها مرة أخرى؟"
    ),
    "picture_no_pixels": "هذه الصورة لا تحتوي على أي بكسل.",
    "picture_too_large": (
        "هذه الصورة كبيرة جداً: أقبل حتى {megapixels:.0f} ميغابكسل. أرسل نسخة أصغر من فضلك."
    ),
    "picture_too_large_sized": (
        "هذه الصورة كبيرة جداً ({width}×{height}): أقبل حتى {megapixels:.0f} ميغابكسل. "
        "أرسل نسخة أصغر من فضلك."
    ),
    "missing_value": "ينقصني تفصيل واحد ({title}). هل تخبرني بالمزيد عمّا تريد؟",
    "bad_strength": "يجب أن تكون القوة بين 0 و1، وليس {strength}.",
    # uploads refused before anything runs
    "refused_upload": (
        "لا أستطيع العمل على هذه الصورة: لم تجتز مرشّح المحتوى في هذه المحادثة. "
        "أرسل صورة أخرى من فضلك."
    ),
    "upload_empty": "{name} فارغ. أرسل صوراً أو ملفات صور (PNG, JPEG, WebP, GIF, BMP) من فضلك.",
    "upload_too_large": "{name} كبير جداً ({megabytes:.1f} MB؛ الحد الأقصى {limit:.0f} MB).",
    "upload_vector": "{name} رسم متجهي (SVG) لا أستطيع تعديله. أرسله بصيغة PNG من فضلك.",
    "upload_heic": (
        "{name} صورة بصيغة HEIC لا أستطيع فتحها بعد. أرسلها بصيغة JPEG (أو كصورة بدلاً من ملف) من "
        "فضلك."
    ),
    "upload_not_image": (
        "لا أعمل إلا على الصور أو ملفات الصور (PNG, JPEG, WebP, GIF, BMP)؛ أما {name} فهو {kind}."
    ),
    "upload_too_many_pixels": "في {name} بكسلات كثيرة جداً، فلا أستطيع فتحه بأمان.",
    "upload_pixels_over": (
        "{name} كبير جداً ({width}×{height} بكسل؛ الحد الأقصى {megapixels:.0f} ميغابكسل). "
        "أرسل نسخة أصغر من فضلك."
    ),
    "upload_damaged": (
        "لم أستطع قراءة {name} كصورة (ربما يكون تالفاً). "
        "أرسل صوراً أو ملفات صور (PNG, JPEG, WebP, GIF, BMP) من فضلك."
    ),
    "upload_format": (
        "{name} صورة بصيغة {kind}؛ أرسل صوراً أو ملفات صور (PNG, JPEG, WebP, GIF, BMP) من فضلك."
    ),
    "upload_unusable": (
        "لا أعمل إلا على الصور أو ملفات الصور (PNG, JPEG, WebP, GIF, BMP)، وهذا ({what}) ليس منها. "
        "أرسل صورة، أو أخبرني ماذا أرسم."
    ),
    # what was sent, named for the sentences above ({name}, {kind}, {what})
    "file_without_name": "الملف",
    "kind_sticker": "ملصق",
    "kind_voice_message": "رسالة صوتية",
    "kind_audio_file": "ملف صوتي",
    "kind_video": "فيديو",
    "kind_video_message": "رسالة فيديو",
    "kind_text_file": "ملف نصي",
    "kind_pdf": "مستند PDF",
    "kind_other_file": "ملف من نوع آخر",
    "download_failed": "لم أستطع جلب صورتك من {platform}. أرسلها مرة أخرى من فضلك.",
    # commands anyone may use
    "help_intro": (
        "أرسم الصور وأعدّلها من خلال المحادثة. جرّب:\n"
        "• «ارسم قطة على الشاطئ عند الغروب»\n"
        "• أرسل صورة وقل «اجعلها بأسلوب الأنمي»، «أزل الخلفية»، «ضعها في باريس»\n"
        '• «ضع عليها نظارة شمسية»، «أبعد الكاميرا قليلاً»، «اجعلها أكبر»، «اكتب "مرحباً" في الأعلى»\n'
        "• «من أي سلالة هذا؟» — وأجيب أيضاً عن الأسئلة حول الصور"
    ),
    "help_commands": "الأوامر: {listed}.",
    "command_reset": "بدء محادثة جديدة هنا",
    "command_undo": "الرجوع إلى الصورة السابقة",
    "command_help": "ما يمكنني فعله",
    "unknown_command": "لا أعرف الأمر {name}. أرسل /help لترى ما يمكنني فعله.",
    "admins_only": "عذراً، {name} مخصص لمشرفي هذا البوت فقط.",
    "fresh_start": "بداية جديدة! نسيت صورنا السابقة في هذه المحادثة.",
    "nothing_to_undo": "لا يوجد شيء للتراجع عنه بعد.",
    "first_picture": "{ref} هي أول صورة هنا؛ لا يوجد شيء قبلها.",
    "nothing_to_rate": "لا يوجد رد مني لتقييمه بعد.",
    "rated_good": "شكراً على ملاحظاتك!",
    "rated_bad": "سجّلت ذلك — شكراً لإخباري.",
    # storage
    "store_unavailable": "لا أستطيع حفظ أي شيء الآن. حاول مرة أخرى بعد دقيقة.",
    "store_busy": (
        "أنا مشغول بحفظ أشياء أخرى ولم أستطع الاحتفاظ برسالتك. أرسلها مرة أخرى بعد دقيقة من فضلك."
    ),
    "store_full": (
        "نفدت مساحة التخزين لدي، لذا لا أستطيع استقبال طلبات جديدة الآن. صورك السابقة في أمان."
    ),
    # the Discord /draw command and its options
    "command_draw": "رسم صورة أو تعديلها",
    "draw_request": "ما تريد رسمه أو تغييره",
    "draw_image": "صورة تبدأ منها",
}
