"""The bot's own words in Indonesian (aku/kamu)."""

PHRASES: dict[str, str] = {
    # the turn
    "nothing_asked": "Bilang saja mau digambar atau diedit apa, atau kirim gambar ke aku.",
    "sorry": "Maaf, ada yang salah di sisiku. Coba lagi, ya.",
    "not_understood": "Maaf, barusan aku belum paham maksudmu. Coba lagi sebentar lagi, ya.",
    "lost_words": "Maaf, aku sempat kehilangan kata-kata. Bisa diulangi?",
    "too_long": (
        "Pesannya terlalu panjang ({length:,} karakter; batasnya {limit:,}). "
        "Kirim yang lebih pendek, ya."
    ),
    "got_one_upload": "Sudah kuterima — itu gambar {refs}. Mau diapakan?",
    "got_uploads": "Sudah kuterima — itu gambar {refs}. Mau diapakan semuanya?",
    "not_enabled": "Maaf, aku belum diaktifkan untukmu di sini.",
    "flood": (
        "Kamu mengirim permintaan lebih cepat daripada aku menggambar. Tunggu {wait:.0f} detik, ya."
    ),
    "in_progress": "Kamu sudah punya {count} gambar yang sedang dibuat. Tunggu sampai selesai, ya.",
    "picture_gone": "Aku sudah tidak bisa menemukan gambar itu.",
    "no_picture_yet": (
        "Belum ada gambar di sini yang bisa diubah. "
        "Kirim satu ke aku, atau minta aku gambar sesuatu dulu."
    ),
    "button_gone": "Tombol itu sudah tidak berfungsi lagi.",
    "no_alternative": "Maaf, aku salah paham. Bisa jelaskan dengan kata-kata lain?",
    "did_you_mean": "Maksudmu {summary}?",
    # what users call a skill (core.skill_titles), in captions and questions
    "title_text_to_image": "gambar baru",
    "title_image_variation": "variasi",
    "title_instruct_edit": "editan",
    "title_change_background": "latar baru",
    "title_remove_background": "tanpa latar",
    "title_replace_object": "penggantian",
    "title_remove_object": "sesuatu dihapus",
    "title_to_anime": "gaya anime",
    "title_style_transfer": "gaya baru",
    "title_sketch_to_image": "gambar dari sketsamu",
    "title_pose_to_image": "gambar dengan pose yang sama",
    "title_outpaint": "tampilan lebih lebar",
    "title_upscale": "versi lebih besar dan tajam",
    "title_colorize": "versi berwarna",
    "title_line_art": "gambar garis",
    "title_make_sticker": "stiker",
    "title_style_reference": "gaya dari gambar lain",
    "title_qr_art": "kode QR",
    "title_add_text": "teks di gambar",
    "title_adjust": "penyesuaian",
    "title_adjust_brighter": "lebih terang",
    "title_adjust_darker": "lebih gelap",
    "title_adjust_more_contrast": "kontras lebih tinggi",
    "title_adjust_less_contrast": "kontras lebih rendah",
    "title_adjust_more_saturated": "warna lebih hidup",
    "title_adjust_grayscale": "hitam putih",
    "title_adjust_rotate_left": "diputar ke kiri",
    "title_adjust_rotate_right": "diputar ke kanan",
    "title_adjust_flip_horizontal": "dicerminkan",
    "title_adjust_flip_vertical": "dibalik atas-bawah",
    "title_adjust_crop_square": "dipotong persegi",
    "title_describe_image": "jawaban tentang gambar",
    "title_chat": "cuma ngobrol",
    "title_undo": "kembali ke {image}",
    # questions when a request lacks something
    "unknown_skill": "Aku belum bisa melakukan itu. Kamu mau aku melakukan apa?",
    "send_image_first": "Gambar yang mana? Kirim gambarnya dulu, ya.",
    "no_such_image": (
        "Aku tidak menemukan gambar {ref}. Yang mana maksudmu? Di chat ini ada: {refs}."
    ),
    "invalid_argument": "Aku kurang paham detailnya ({title}). Bisa dijelaskan dengan cara lain?",
    "which_picture_none": "Gambar mana yang harus kupakai? Kirim gambarnya dulu, ya.",
    "which_picture": "Gambar yang mana? Sebutkan nomornya, misalnya #1.",
    "ask_prompt": "Tentu — gambarnya mau menampilkan apa?",
    "ask_background": "Tentu — mau latar belakang seperti apa?",
    "ask_instruction": "Tentu — apa yang perlu kuubah?",
    "ask_target": "Tentu — apa yang perlu kuubah atau kuhapus?",
    "ask_replacement": "Tentu — mau diganti dengan apa?",
    "ask_style": "Tentu — mau gaya yang mana?",
    "ask_content": "Tentu — kode QR-nya mau berisi apa (link atau teks)?",
    "ask_text": "Tentu — mau kutulis teks apa?",
    "ask_question": "Tentu — mau tahu apa tentang gambar ini?",
    "ask_message": "Tentu — mau bilang apa?",
    "ask_operation": (
        "Tentu — mau diapain: lebih terang, lebih gelap, kontras dinaikin atau diturunin,"
        " warna lebih cerah, hitam putih, diputar, dibalik, atau dipotong persegi?"
    ),
    "ask_other": "Tentu — bisa ceritain sedikit lebih detail maunya apa?",
    # a job's progress and how it ended
    "queued": "⏳ Dalam antrean…",
    "queued_at": "⏳ Dalam antrean, urutan ke-{position}…",
    "working": "🎨 Sedang dikerjakan…",
    "working_step": "🎨 Sedang dikerjakan… langkah {step}/{total}",
    "skill_failed": (
        "Maaf, kali ini belum berhasil. Percakapan dan gambar-gambarmu aman — coba lagi, ya."
    ),
    "model_missing": (
        "Aku belum bisa melakukan itu di sini: butuh model yang belum terpasang. "
        "Sudah kucatat untuk admin bot."
    ),
    "not_set_up": (
        "Aku belum bisa melakukan itu di sini: bot ini belum disiapkan untuk itu. "
        "Sudah kuberi tahu admin-nya."
    ),
    "timed_out": "Ini butuh lebih dari {limit:.0f} detik, jadi kuhentikan.",
    "queue_down": (
        "Server gambarku sedang tidak bisa dihubungi. "
        "Coba lagi semenit lagi, ya — percakapanmu sudah tersimpan."
    ),
    "refused_result": (
        "Aku sudah membuat gambarnya, tapi tidak lolos filter konten chat ini, jadi tidak akan "
        "kukirim. Coba minta yang lain."
    ),
    "too_old": (
        "Maaf, aku sempat dimulai ulang dan kehilangan gambar yang kamu minta tadi. Minta lagi, ya."
    ),
    "lost_answer": (
        "Maaf, jawaban untuk salah satu permintaanmu hilang saat aku dimulai ulang. Minta lagi, ya."
    ),
    "image_missing": (
        "Aku butuh gambar {ref} untuk ini, tapi gambarnya tidak sampai ke aku. Kirim lagi, ya."
    ),
    "unknown_job_skill": "Aku tidak kenal kemampuan “{skill}”.",
    # what a skill found wrong with its input
    "no_subject_to_cut": (
        "Aku tidak menemukan objek yang jelas untuk dipotong di gambar itu. "
        "Paling bagus pakai foto dengan satu objek utama."
    ),
    "no_subject_here": "Di sini aku tidak bisa membedakan objek dari latar belakangnya.",
    "no_subject": "Aku tidak menemukan objek yang jelas di gambar ini.",
    "not_found_in_picture": "Aku tidak menemukan {target!r} di gambar.",
    "no_font": (
        "Aku tidak bisa menulis di gambar di sini: belum ada font yang terpasang. "
        "Sudah kuberi tahu admin bot."
    ),
    "what_text": "Mau kutulis teks apa di gambar?",
    "upscale_too_big": (
        "Dengan ×{factor}, gambar ini jadi {width}×{height}, terlalu besar untuk kukirim. "
        "Gambarnya sudah cukup besar."
    ),
    "upscale_too_big_try_2": (
        "Dengan ×{factor}, gambar ini jadi {width}×{height}, terlalu besar untuk kukirim. Coba ×2."
    ),
    "qr_too_long": "Teksnya terlalu banyak untuk satu kode QR. Tolong dipersingkat, ya.",
    "qr_unscannable": "Aku tidak bisa membuat kode QR yang bisa dipindai untuk teks itu.",
    "picture_empty": "Gambarnya sampai dalam keadaan kosong. Bisa kirim lagi?",
    "picture_unreadable": (
        "Aku tidak bisa membaca file itu sebagai gambar. Kirim gambar PNG, JPEG, atau WebP, ya."
    ),
    "picture_damaged": (
        "Sepertinya gambar itu rusak atau terpotong, jadi tidak bisa kubuka. Bisa kirim lagi?"
    ),
    "picture_no_pixels": "Gambar itu tidak punya piksel sama sekali.",
    "picture_too_large": (
        "Gambar itu terlalu besar: aku hanya bisa menerima sampai {megapixels:.0f} megapiksel. "
        "Kirim versi yang lebih kecil, ya."
    ),
    "picture_too_large_sized": (
        "Gambar itu terlalu besar ({width}×{height}): aku hanya bisa menerima sampai "
        "{megapixels:.0f} megapiksel. Kirim versi yang lebih kecil, ya."
    ),
    "missing_value": (
        "Masih ada detail yang kurang ({title}). "
        "Bisa ceritakan sedikit lebih banyak soal yang kamu mau?"
    ),
    "bad_strength": "Kekuatan harus antara 0 dan 1, bukan {strength}.",
    # uploads refused before anything runs
    "refused_upload": (
        "Aku tidak bisa memakai gambar itu: tidak lolos filter konten chat ini. "
        "Kirim gambar lain, ya."
    ),
    "upload_empty": "{name} kosong. Kirim foto atau file gambar (PNG, JPEG, WebP, GIF, BMP), ya.",
    "upload_too_large": "{name} terlalu besar ({megabytes:.1f} MB; batasnya {limit:.0f} MB).",
    "upload_vector": (
        "{name} adalah gambar vektor (SVG), yang tidak bisa kuedit. Kirim sebagai PNG, ya."
    ),
    "upload_heic": (
        "{name} adalah foto HEIC, yang belum bisa kubuka. "
        "Kirim sebagai JPEG, ya (atau sebagai foto, bukan file)."
    ),
    "upload_not_image": (
        "Aku hanya bisa memakai foto atau file gambar (PNG, JPEG, WebP, GIF, BMP); {name} adalah "
        "{kind}."
    ),
    "upload_too_many_pixels": "{name} punya terlalu banyak piksel untuk kubuka dengan aman.",
    "upload_pixels_over": (
        "{name} terlalu besar ({width}×{height} piksel; batasnya {megapixels:.0f} megapiksel). "
        "Kirim versi yang lebih kecil, ya."
    ),
    "upload_damaged": (
        "Aku tidak bisa membaca {name} sebagai gambar (mungkin rusak). "
        "Kirim foto atau file gambar (PNG, JPEG, WebP, GIF, BMP), ya."
    ),
    "upload_format": (
        "{name} adalah gambar {kind}; kirim foto atau file gambar (PNG, JPEG, WebP, GIF, BMP), ya."
    ),
    "upload_unusable": (
        "Aku hanya bisa memakai foto atau file gambar (PNG, JPEG, WebP, GIF, BMP); "
        "ini ({what}) bukan salah satunya. Kirim gambar, atau bilang mau digambar apa."
    ),
    # what was sent, named for the sentences above ({name}, {kind}, {what})
    "file_without_name": "filenya",
    "kind_sticker": "stiker",
    "kind_voice_message": "pesan suara",
    "kind_audio_file": "file audio",
    "kind_video": "video",
    "kind_video_message": "pesan video",
    "kind_text_file": "file teks",
    "kind_pdf": "dokumen PDF",
    "kind_other_file": "file jenis lain",
    "download_failed": "Aku tidak bisa mengambil gambarmu dari {platform}. Kirim lagi, ya.",
    # commands anyone may use
    "help_intro": (
        "Aku bisa menggambar dan mengedit gambar lewat obrolan. Coba:\n"
        "• “gambarkan kucing di pantai saat matahari terbenam”\n"
        "• kirim foto lalu bilang “bikin jadi anime”, “hapus latar belakangnya”, "
        "“pindahkan ke Paris”\n"
        "• “pakaikan kacamata hitam”, “jauhkan kameranya”, “bikin lebih besar”, "
        "“tulis ‘halo’ di atas”\n"
        "• “ini ras apa?” — aku juga bisa menjawab pertanyaan tentang gambar"
    ),
    "help_commands": "Perintah: {listed}.",
    "command_reset": "mulai obrolan baru di sini",
    "command_undo": "kembali ke gambar sebelumnya",
    "command_help": "apa saja yang bisa kulakukan",
    "unknown_command": (
        "Aku tidak kenal perintah {name}. Kirim /help untuk melihat apa saja yang bisa kulakukan."
    ),
    "admins_only": "Maaf, {name} hanya untuk admin bot ini.",
    "fresh_start": (
        "Mulai dari awal! Aku sudah melupakan gambar-gambar kita sebelumnya di chat ini."
    ),
    "nothing_to_undo": "Belum ada yang bisa dibatalkan.",
    "first_picture": "{ref} adalah gambar pertama di sini; tidak ada apa-apa sebelumnya.",
    "nothing_to_rate": "Belum ada jawabanku yang bisa dinilai.",
    "rated_good": "Terima kasih atas masukannya!",
    "rated_bad": "Sudah kucatat — terima kasih sudah memberi tahu.",
    # storage
    "store_unavailable": "Saat ini aku tidak bisa menyimpan apa pun. Coba lagi semenit lagi, ya.",
    "store_busy": (
        "Aku sedang sibuk menyimpan hal lain dan tidak bisa menyimpan pesanmu. "
        "Kirim lagi semenit lagi, ya."
    ),
    "store_full": (
        "Ruang penyimpananku penuh, jadi saat ini aku tidak bisa menerima permintaan baru. "
        "Gambar-gambarmu sebelumnya tetap aman."
    ),
    # the Discord /draw command and its options
    "command_draw": "bikin atau edit gambar",
    "draw_request": "apa yang mau digambar atau diubah",
    "draw_image": "gambar sebagai titik awal",
}
