"""The bot's own words in Turkish (sen)."""

PHRASES: dict[str, str] = {
    # the turn
    "nothing_asked": (
        "Ne çizeyim ya da neyi düzenleyeyim söyle; istersen bana bir resim de gönderebilirsin."
    ),
    "sorry": "Üzgünüm, benim tarafımda bir şeyler ters gitti. Lütfen tekrar dene.",
    "not_understood": (
        "Üzgünüm, az önce ne demek istediğini anlayamadım. Lütfen biraz sonra tekrar dene."
    ),
    "lost_words": "Pardon, bir an ne diyeceğimi şaşırdım. Tekrar söyler misin?",
    "too_long": (
        "Bu mesaj çok uzun ({length:,} karakter; sınır {limit:,}). "
        "Lütfen daha kısa bir mesaj gönder."
    ),
    "got_one_upload": "Aldım — bu {refs}. Bununla ne yapayım?",
    "got_uploads": "Aldım — bunlar {refs}. Bunlarla ne yapayım?",
    "not_enabled": "Üzgünüm, burada senin için etkin değilim.",
    "flood": "Benim çizebildiğimden daha hızlı istek gönderiyorsun. Lütfen {wait:.0f} sn bekle.",
    "in_progress": "Zaten hazırlanmakta olan {count} resmin var. Lütfen bitmelerini bekle.",
    "picture_gone": "O resmi artık bulamıyorum.",
    "no_picture_yet": (
        "Burada henüz değiştirebileceğim bir resim yok. "
        "Bana bir tane gönder ya da önce bir şey çizmemi iste."
    ),
    "button_gone": "Bu düğme artık hiçbir şey yapmıyor.",
    "no_alternative": "Kusura bakma, yanlış anladım. Başka kelimelerle söyler misin?",
    "did_you_mean": "Bunu mu demek istedin — {summary}?",
    # what users call a skill (core.skill_titles), in captions and questions
    "title_text_to_image": "yeni bir resim",
    "title_image_variation": "bir varyasyon",
    "title_instruct_edit": "bir düzenleme",
    "title_change_background": "yeni bir arka plan",
    "title_remove_background": "arka plansız",
    "title_replace_object": "bir değişim",
    "title_remove_object": "silinen bir şey",
    "title_to_anime": "anime tarzı",
    "title_style_transfer": "yeni bir tarz",
    "title_sketch_to_image": "çiziminden bir resim",
    "title_pose_to_image": "aynı pozda bir resim",
    "title_outpaint": "daha geniş bir görüntü",
    "title_upscale": "daha büyük ve net bir sürüm",
    "title_colorize": "renkli bir sürüm",
    "title_line_art": "bir çizgi çizimi",
    "title_make_sticker": "bir çıkartma",
    "title_style_reference": "başka bir resmin tarzı",
    "title_qr_art": "bir QR kod",
    "title_add_text": "resme yazı",
    "title_adjust": "bir ayar",
    "title_adjust_brighter": "daha parlak",
    "title_adjust_darker": "daha koyu",
    "title_adjust_more_contrast": "daha fazla kontrast",
    "title_adjust_less_contrast": "daha az kontrast",
    "title_adjust_more_saturated": "daha canlı renkler",
    "title_adjust_grayscale": "siyah beyaz",
    "title_adjust_rotate_left": "sola döndürülmüş",
    "title_adjust_rotate_right": "sağa döndürülmüş",
    "title_adjust_flip_horizontal": "ayna gibi çevrilmiş",
    "title_adjust_flip_vertical": "baş aşağı çevrilmiş",
    "title_adjust_crop_square": "kare kırpılmış",
    "title_describe_image": "resimle ilgili bir cevap",
    "title_chat": "sadece sohbet",
    "title_undo": "{image} resmine dönüş",
    # questions when a request lacks something
    "unknown_skill": "Bunu henüz yapmayı bilmiyorum. Ne yapmamı istersin?",
    "send_image_first": "Hangi resmi kastediyorsun? Lütfen önce bana bir resim gönder.",
    "no_such_image": (
        "{ref} numaralı resmi bulamıyorum. Hangisini kastediyorsun? Bu sohbette şunlar var: {refs}."
    ),
    "invalid_argument": "Ayrıntıları tam anlayamadım ({title}). Başka bir şekilde söyler misin?",
    "which_picture_none": "Hangi resmi kullanayım? Lütfen önce bana bir resim gönder.",
    "which_picture": "Hangi resmi kastediyorsun? Numarasını söyle, örneğin #1.",
    "ask_prompt": "Tabii — resimde ne olsun?",
    "ask_background": "Tabii — nasıl bir arka plan istersin?",
    "ask_instruction": "Tabii — neyi değiştireyim?",
    "ask_target": "Tabii — neyi değiştireyim ya da kaldırayım?",
    "ask_replacement": "Tabii — yerine ne koyayım?",
    "ask_style": "Tabii — hangi stili istersin?",
    "ask_content": "Tabii — QR kodun içinde ne olsun (bir bağlantı mı, metin mi)?",
    "ask_text": "Tabii — ne yazayım?",
    "ask_question": "Tabii — resimle ilgili ne öğrenmek istersin?",
    "ask_message": "Tabii — ne söylemek istersin?",
    "ask_operation": (
        "Tabii — ne yapayım: daha aydınlık, daha koyu, daha fazla ya da daha az kontrast,"
        " daha canlı renkler, siyah beyaz, döndürme, aynalama ya da kare kırpma?"
    ),
    "ask_other": "Tabii — ne istediğini biraz daha anlatır mısın?",
    # a job's progress and how it ended
    "queued": "⏳ Sırada…",
    "queued_at": "⏳ Sırada, sıran: {position}…",
    "working": "🎨 Çalışıyorum…",
    "working_step": "🎨 Çalışıyorum… adım {step}/{total}",
    "skill_failed": (
        "Üzgünüm, bu sefer olmadı. Sohbetin ve resimlerin güvende — lütfen tekrar dene."
    ),
    "model_missing": (
        "Bunu burada henüz yapamıyorum: yüklü olmayan bir model gerekiyor. "
        "Bot yöneticileri için not aldım."
    ),
    "not_set_up": (
        "Bunu burada henüz yapamıyorum: bu bot bunun için hazırlanmamış. "
        "Yöneticilerine haber verdim."
    ),
    "timed_out": "Bu {limit:.0f} sn'den uzun sürdü, o yüzden durdurdum.",
    "queue_down": (
        "Şu anda resim sunucularıma ulaşamıyorum. Lütfen bir dakika sonra tekrar dene — sohbetin "
        "kayıtlı."
    ),
    "refused_result": (
        "Bir resim yaptım ama bu sohbetin içerik filtresinden geçmedi, o yüzden göndermeyeceğim. "
        "Başka bir şey istemeyi dene."
    ),
    "too_old": (
        "Üzgünüm, yeniden başlatıldım ve bir süre önce istediğin bir resmi kaybettim. "
        "Lütfen tekrar iste."
    ),
    "lost_answer": (
        "Üzgünüm, yeniden başlarken isteklerinden birinin cevabını kaybettim. Lütfen tekrar iste."
    ),
    "image_missing": (
        "Bunun için {ref} numaralı resme ihtiyacım var ama bana ulaşmadı. Lütfen tekrar gönder."
    ),
    "unknown_job_skill": "'{skill}' becerisini bilmiyorum.",
    # what a skill found wrong with its input
    "no_subject_to_cut": (
        "O resimde kesip çıkarabileceğim belirgin bir nesne bulamadım. "
        "En iyi sonucu tek bir ana nesnenin olduğu fotoğraflar verir."
    ),
    "no_subject_here": "Burada nesneyi arka plandan ayıramadım.",
    "no_subject": "Bu resimde belirgin bir nesne bulamadım.",
    "not_found_in_picture": "Resimde {target!r} bulamadım.",
    "no_font": (
        "Burada resimlere yazı yazamıyorum: yüklü bir yazı tipi yok. "
        "Bot yöneticilerine haber verdim."
    ),
    "what_text": "Resmin üzerine ne yazayım?",
    "upscale_too_big": (
        "×{factor} ile bu resim {width}×{height} olur; bu, gönderebileceğimden büyük. "
        "Resim zaten yeterince büyük."
    ),
    "upscale_too_big_try_2": (
        "×{factor} ile bu resim {width}×{height} olur; bu, gönderebileceğimden büyük. ×2 dene."
    ),
    "qr_too_long": "Bu, tek bir QR kod için çok fazla metin. Lütfen kısalt.",
    "qr_unscannable": "Bu metin için okutulabilen bir QR kod yapamadım.",
    "picture_empty": "Resim boş geldi. Tekrar gönderebilir misin?",
    "picture_unreadable": (
        "Bu dosyayı resim olarak okuyamadım. Lütfen PNG, JPEG ya da WebP bir resim gönder."
    ),
    "picture_damaged": (
        "Bu resim bozuk ya da yarım görünüyor, o yüzden açamadım. Tekrar gönderebilir misin?"
    ),
    "picture_no_pixels": "Bu resimde hiç piksel yok.",
    "picture_too_large": (
        "Bu resim çok büyük: en fazla {megapixels:.0f} megapiksel alabiliyorum. "
        "Lütfen daha küçük bir halini gönder."
    ),
    "picture_too_large_sized": (
        "Bu resim çok büyük ({width}×{height}): en fazla {megapixels:.0f} megapiksel alabiliyorum. "
        "Lütfen daha küçük bir halini gönder."
    ),
    "missing_value": "Bir ayrıntı eksik ({title}). Ne istediğini biraz daha anlatır mısın?",
    "bad_strength": "Güç değeri 0 ile 1 arasında olmalı; {strength} olamaz.",
    # uploads refused before anything runs
    "refused_upload": (
        "Bu resimle çalışamıyorum: bu sohbetin içerik filtresinden geçmedi. "
        "Lütfen başka bir tane gönder."
    ),
    "upload_empty": (
        "{name} boş. Lütfen fotoğraf ya da resim dosyası gönder (PNG, JPEG, WebP, GIF, BMP)."
    ),
    "upload_too_large": "{name} çok büyük ({megabytes:.1f} MB; sınır {limit:.0f} MB).",
    "upload_vector": (
        "{name} bir vektör çizimi (SVG), bunu düzenleyemiyorum. Lütfen PNG olarak gönder."
    ),
    "upload_heic": (
        "{name} bir HEIC fotoğraf, bunu henüz açamıyorum. "
        "Lütfen JPEG olarak gönder (ya da dosya yerine fotoğraf olarak)."
    ),
    "upload_not_image": (
        "Sadece fotoğraflarla ve resim dosyalarıyla çalışabiliyorum (PNG, JPEG, WebP, GIF, BMP); "
        "{name} ise {kind}."
    ),
    "upload_too_many_pixels": "{name} güvenle açabilmem için çok fazla piksel içeriyor.",
    "upload_pixels_over": (
        "{name} çok büyük ({width}×{height} piksel; sınır {megapixels:.0f} megapiksel). "
        "Lütfen daha küçük bir halini gönder."
    ),
    "upload_damaged": (
        "{name} resim olarak okunamadı (bozuk olabilir). "
        "Lütfen fotoğraf ya da resim dosyası gönder (PNG, JPEG, WebP, GIF, BMP)."
    ),
    "upload_format": (
        "{name} bir {kind} resmi; lütfen fotoğraf ya da resim dosyası gönder (PNG, JPEG, WebP, "
        "GIF, BMP)."
    ),
    "upload_unusable": (
        "Sadece fotoğraflarla ve resim dosyalarıyla çalışabiliyorum (PNG, JPEG, WebP, GIF, BMP); "
        "bu ({what}) onlardan biri değil. Bir resim gönder ya da ne çizeyim söyle."
    ),
    # what was sent, named for the sentences above ({name}, {kind}, {what})
    "file_without_name": "dosya",
    "kind_sticker": "çıkartma",
    "kind_voice_message": "sesli mesaj",
    "kind_audio_file": "ses dosyası",
    "kind_video": "video",
    "kind_video_message": "görüntülü mesaj",
    "kind_text_file": "metin dosyası",
    "kind_pdf": "PDF belgesi",
    "kind_other_file": "başka türde bir dosya",
    "download_failed": "Resmini {platform} üzerinden alamadım. Lütfen tekrar gönder.",
    # commands anyone may use
    "help_intro": (
        "Sohbet ederek resim çizer ve düzenlerim. Şunları dene:\n"
        "• 'gün batımında sahilde bir kedi çiz'\n"
        "• bir fotoğraf gönder ve 'anime yap', 'arka planı kaldır' "
        "ya da 'arka plan Paris olsun' de\n"
        "• 'güneş gözlüğü tak', 'biraz uzaklaştır', 'daha büyük yap', 'üstüne \"merhaba\" yaz'\n"
        "• 'bu hangi cins?' — resimlerle ilgili soruları da cevaplarım"
    ),
    "help_commands": "Komutlar: {listed}.",
    "command_reset": "burada yeni bir sohbet başlat",
    "command_undo": "önceki resme geri dön",
    "command_help": "neler yapabildiğim",
    "unknown_command": "{name} komutunu bilmiyorum. Neler yapabildiğimi görmek için /help gönder.",
    "admins_only": "Üzgünüm, {name} yalnızca bu botun yöneticileri için.",
    "fresh_start": "Sıfırdan başlıyoruz! Bu sohbetteki önceki resimlerimizi unuttum.",
    "nothing_to_undo": "Henüz geri alınacak bir şey yok.",
    "first_picture": "{ref} buradaki ilk resim; ondan önce hiçbir şey yok.",
    "nothing_to_rate": "Henüz değerlendirilecek bir cevabım yok.",
    "rated_good": "Geri bildirimin için teşekkürler!",
    "rated_bad": "Not aldım — söylediğin için teşekkürler.",
    # storage
    "store_unavailable": "Şu anda hiçbir şey kaydedemiyorum. Lütfen bir dakika sonra tekrar dene.",
    "store_busy": (
        "Başka şeyleri kaydetmekle meşgulüm ve mesajını saklayamadım. "
        "Lütfen bir dakika sonra tekrar gönder."
    ),
    "store_full": (
        "Depolama alanım doldu, o yüzden şu anda yeni istek alamıyorum. Önceki resimlerin güvende."
    ),
    # the Discord /draw command and its options
    "command_draw": "resim çiz ya da düzenle",
    "draw_request": "ne çizeyim ya da neyi değiştireyim",
    "draw_image": "başlangıç için bir resim",
}
