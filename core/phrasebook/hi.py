"""The bot's own words in Hinglish: Hindi in Latin letters, mixed with English."""

PHRASES: dict[str, str] = {
    # the turn
    "nothing_asked": "Batao kya draw ya edit karun, ya mujhe ek picture bhejo.",
    "sorry": "Sorry, meri taraf kuch gadbad ho gayi. Please phir se try karo.",
    "not_understood": (
        "Sorry, abhi samajh nahi aaya ki tumhara matlab kya tha. Thodi der mein phir se try karo."
    ),
    "lost_words": "Sorry, ek pal ke liye words hi kho gaye. Phir se bologe?",
    "too_long": (
        "Ye message bahut lamba hai ({length:,} characters; limit {limit:,} hai). "
        "Please chhota message bhejo."
    ),
    "got_one_upload": "Mil gaya — ye {refs} hai. Iske saath kya karun?",
    "got_uploads": "Mil gaye — ye {refs} hain. Inke saath kya karun?",
    "not_enabled": "Sorry, yahan main tumhare liye on nahi hoon.",
    "flood": (
        "Requests itni jaldi aa rahi hain ki main draw nahi kar pa raha. "
        "Please {wait:.0f} second ruko."
    ),
    "in_progress": (
        "Tumhari {count} pictures pehle se ban rahi hain. Please unke poore hone tak ruko."
    ),
    "picture_gone": "Wo picture ab mujhe nahi mil rahi.",
    "no_picture_yet": (
        "Abhi yahan koi picture hai hi nahi jise change karun. "
        "Mujhe ek bhejo, ya pehle kuch draw karne ko bolo."
    ),
    "button_gone": "Ye button ab kuch nahi karta.",
    "no_alternative": "Sorry, mujhse galti ho gayi. Thoda alag words mein bata sakte ho?",
    "did_you_mean": "Kya tumhara matlab ye tha — {summary}?",
    # what users call a skill (core.skill_titles), in captions and questions
    "title_text_to_image": "nayi picture",
    "title_image_variation": "ek naya variation",
    "title_instruct_edit": "ek edit",
    "title_change_background": "naya background",
    "title_remove_background": "background hata diya",
    "title_replace_object": "cheez badal di",
    "title_remove_object": "cheez hata di",
    "title_to_anime": "anime wala style",
    "title_style_transfer": "naya style",
    "title_sketch_to_image": "tumhare sketch se picture",
    "title_pose_to_image": "same pose mein picture",
    "title_outpaint": "zyada chauda view",
    "title_upscale": "badi aur saaf picture",
    "title_colorize": "rangeen version",
    "title_line_art": "lines wali drawing",
    "title_make_sticker": "ek sticker",
    "title_style_reference": "doosri picture ka style",
    "title_qr_art": "ek QR code",
    "title_add_text": "picture pe text",
    "title_adjust": "thoda adjustment",
    "title_adjust_brighter": "zyada roshni",
    "title_adjust_darker": "thoda andhera",
    "title_adjust_more_contrast": "zyada contrast",
    "title_adjust_less_contrast": "kam contrast",
    "title_adjust_more_saturated": "zyada gehre rang",
    "title_adjust_grayscale": "black and white mein",
    "title_adjust_rotate_left": "left ghumayi",
    "title_adjust_rotate_right": "right ghumayi",
    "title_adjust_flip_horizontal": "mirror jaisi ulti",
    "title_adjust_flip_vertical": "upar se neeche ulti",
    "title_adjust_crop_square": "square mein crop",
    "title_describe_image": "picture ke baare mein jawab",
    "title_chat": "bas baatein",
    "title_undo": "wapas {image} pe",
    # questions when a request lacks something
    "unknown_skill": "Ye abhi mujhe karna nahi aata. Batao kya karun?",
    "send_image_first": "Kaunsi picture? Pehle mujhe ek image bhejo.",
    "no_such_image": "Mujhe image {ref} nahi mil rahi. Kaunsi wali? Is chat mein ye hain: {refs}.",
    "invalid_argument": (
        "Details theek se samajh nahi aayi ({title}). Kisi aur tarah se bata sakte ho?"
    ),
    "which_picture_none": "Kaunsi picture use karun? Pehle mujhe ek image bhejo.",
    "which_picture": "Kaunsi picture? Uska number batao, jaise #1.",
    "ask_prompt": "Haan zaroor — picture mein kya dikhana hai?",
    "ask_background": "Haan zaroor — kaisa background chahiye?",
    "ask_instruction": "Haan zaroor — kya badlun?",
    "ask_target": "Haan zaroor — kya badlun ya hataun?",
    "ask_replacement": "Haan zaroor — uski jagah kya lagaun?",
    "ask_style": "Haan zaroor — kaunsa style chahiye?",
    "ask_content": "Haan zaroor — QR code mein kya daalna hai (link ya text)?",
    "ask_text": "Haan zaroor — kya text likhun?",
    "ask_question": "Haan zaroor — picture ke baare mein kya jaanna hai?",
    "ask_message": "Haan zaroor — kya kehna chahte ho?",
    "ask_operation": (
        "Haan zaroor — kya karun: zyada bright, thoda dark, contrast kam ya zyada,"
        " colours aur vivid, black and white, rotate, flip, ya square crop?"
    ),
    "ask_other": "Haan zaroor — thoda aur batao, kya chahiye?",
    # a job's progress and how it ended
    "queued": "⏳ Queue mein hai…",
    "queued_at": "⏳ Queue mein, number {position}…",
    "working": "🎨 Kaam chal raha hai…",
    "working_step": "🎨 Kaam chal raha hai… step {step}/{total}",
    "skill_failed": (
        "Sorry, is baar nahi ho paaya. Tumhari baatcheet aur pictures safe hain — please phir se "
        "try karo."
    ),
    "model_missing": (
        "Ye main yahan abhi nahi kar sakta: iske liye ek model chahiye jo install nahi hai. "
        "Maine bot ke admins ke liye note kar diya hai."
    ),
    "not_set_up": (
        "Ye main yahan abhi nahi kar sakta: ye bot iske liye set up nahi hai. "
        "Maine iske admins ko bata diya hai."
    ),
    "timed_out": "Isme {limit:.0f} second se zyada lag gaye, isliye maine rok diya.",
    "queue_down": (
        "Abhi picture banane wale servers se connect nahi ho pa raha. "
        "Ek minute baad phir try karo — tumhari baatcheet save hai."
    ),
    "refused_result": (
        "Maine picture bana li thi, par wo is chat ke content filter se pass nahi hui, isliye nahi "
        "bhejunga. Kuch aur maang ke dekho."
    ),
    "too_old": (
        "Sorry, main restart ho gaya aur thodi der pehle maangi gayi ek picture kho gayi. "
        "Please phir se maango."
    ),
    "lost_answer": (
        "Sorry, restart hote waqt tumhari ek request ka jawab kho gaya. Please phir se maango."
    ),
    "image_missing": (
        "Iske liye mujhe picture {ref} chahiye, par wo mujh tak pahunchi nahi. "
        "Please phir se bhejo."
    ),
    "unknown_job_skill": "Mujhe '{skill}' skill nahi pata.",
    # what a skill found wrong with its input
    "no_subject_to_cut": (
        "Us picture mein cut out karne ke liye koi clear subject nahi mila. "
        "Jis photo mein ek hi main cheez ho, wo sabse accha kaam karti hai."
    ),
    "no_subject_here": "Yahan subject ko background se alag nahi kar paaya.",
    "no_subject": "Is picture mein koi clear subject nahi mila.",
    "not_found_in_picture": "Picture mein {target!r} nahi mila.",
    "no_font": (
        "Yahan main pictures par likh nahi sakta: koi font install nahi hai. "
        "Maine bot ke admins ko bata diya hai."
    ),
    "what_text": "Picture par kya text likhun?",
    "upscale_too_big": (
        "×{factor} se ye picture {width}×{height} ki ho jayegi, jo main bhej nahi sakta. "
        "Ye pehle se hi kaafi badi hai."
    ),
    "upscale_too_big_try_2": (
        "×{factor} se ye picture {width}×{height} ki ho jayegi, jo main bhej nahi sakta. "
        "×2 try karo."
    ),
    "qr_too_long": "Ek QR code ke liye ye text bahut zyada hai. Please thoda chhota karo.",
    "qr_unscannable": "Is text ke liye scan hone wala QR code nahi bana paaya.",
    "picture_empty": "Picture khaali aayi. Phir se bhej sakte ho?",
    "picture_unreadable": (
        "Is file ko picture ki tarah padh nahi paaya. Please PNG, JPEG ya WebP image bhejo."
    ),
    "picture_damaged": (
        "Lagta hai ye picture kharab hai ya beech mein kat gayi hai, isliye khul nahi payi. "
        "Phir se bhej sakte ho?"
    ),
    "picture_no_pixels": "Is picture mein koi pixel hi nahi hai.",
    "picture_too_large": (
        "Ye picture bahut badi hai: main {megapixels:.0f} megapixels tak hi le sakta hoon. "
        "Please chhota version bhejo."
    ),
    "picture_too_large_sized": (
        "Ye picture bahut badi hai ({width}×{height}): main {megapixels:.0f} megapixels tak hi le "
        "sakta hoon. Please chhota version bhejo."
    ),
    "missing_value": "Ek detail kam pad rahi hai ({title}). Thoda aur batao, tumhe kya chahiye?",
    "bad_strength": "Strength 0 aur 1 ke beech honi chahiye, {strength} nahi.",
    # uploads refused before anything runs
    "refused_upload": (
        "Is picture ke saath kaam nahi kar sakta: ye is chat ke content filter se pass nahi hui. "
        "Please koi aur bhejo."
    ),
    "upload_empty": (
        "{name} khaali hai. Please photos ya image files bhejo (PNG, JPEG, WebP, GIF, BMP)."
    ),
    "upload_too_large": "{name} bahut badi hai ({megabytes:.1f} MB; limit {limit:.0f} MB hai).",
    "upload_vector": (
        "{name} ek vector drawing (SVG) hai, jise main edit nahi kar sakta. Please PNG mein bhejo."
    ),
    "upload_heic": (
        "{name} ek HEIC photo hai, jise main abhi khol nahi sakta. "
        "Please JPEG mein bhejo (ya file ki jagah photo ki tarah)."
    ),
    "upload_not_image": (
        "Main sirf photos ya image files ke saath kaam kar sakta hoon (PNG, JPEG, WebP, GIF, BMP); "
        "{name} {kind} hai."
    ),
    "upload_too_many_pixels": (
        "{name} mein itne zyada pixels hain ki main use safely khol nahi sakta."
    ),
    "upload_pixels_over": (
        "{name} bahut badi hai ({width}×{height} pixels; limit {megapixels:.0f} megapixels hai). "
        "Please chhota version bhejo."
    ),
    "upload_damaged": (
        "{name} ko image ki tarah padh nahi paaya (shayad kharab hai). "
        "Please photos ya image files bhejo (PNG, JPEG, WebP, GIF, BMP)."
    ),
    "upload_format": (
        "{name} ek {kind} image hai; please photos ya image files bhejo (PNG, JPEG, WebP, GIF, "
        "BMP)."
    ),
    "upload_unusable": (
        "Main sirf photos ya image files ke saath kaam kar sakta hoon (PNG, JPEG, WebP, GIF, BMP); "
        "ye ({what}) unme se nahi hai. Koi picture bhejo, ya batao kya draw karun."
    ),
    # what was sent, named for the sentences above ({name}, {kind}, {what})
    "file_without_name": "file",
    "kind_sticker": "ek sticker",
    "kind_voice_message": "ek voice message",
    "kind_audio_file": "ek audio file",
    "kind_video": "ek video",
    "kind_video_message": "ek video message",
    "kind_text_file": "ek text file",
    "kind_pdf": "ek PDF document",
    "kind_other_file": "kisi aur tarah ki file",
    "download_failed": "{platform} se tumhari picture nahi la paaya. Please phir se bhejo.",
    # commands anyone may use
    "help_intro": (
        "Main chat mein baat karke pictures draw aur edit karta hoon. Try karo:\n"
        "• 'sunset ke time beach par ek billi bana do'\n"
        "• ek photo bhejo aur bolo 'isko anime bana do', 'background hata do', "
        "'isko Paris mein daal do'\n"
        "• 'isko sunglasses pehna do', 'thoda zoom out karo', 'isko bada kar do', "
        "'upar \"namaste\" likh do'\n"
        "• 'ye kaunsi breed hai?' — main pictures ke baare mein sawaalon ke jawab bhi deta hoon"
    ),
    "help_commands": "Commands: {listed}.",
    "command_reset": "yahan nayi conversation shuru karo",
    "command_undo": "pichli picture par wapas jao",
    "command_help": "main kya kya kar sakta hoon",
    "unknown_command": (
        "Mujhe {name} command nahi pata. /help bhejo aur dekho main kya kya kar sakta hoon."
    ),
    "admins_only": "Sorry, {name} sirf is bot ke admins ke liye hai.",
    "fresh_start": "Fresh start! Is chat ki pehle wali pictures maine bhula di hain.",
    "nothing_to_undo": "Abhi undo karne ke liye kuch nahi hai.",
    "first_picture": "{ref} yahan ki pehli picture hai; isse pehle kuch nahi hai.",
    "nothing_to_rate": "Abhi rate karne ke liye mera koi answer nahi hai.",
    "rated_good": "Feedback ke liye thanks!",
    "rated_bad": "Note kar liya — batane ke liye thanks.",
    # storage
    "store_unavailable": "Abhi main kuch bhi save nahi kar pa raha. Ek minute baad phir try karo.",
    "store_busy": (
        "Main doosri cheezein save karne mein busy hoon aur tumhara message nahi rakh paaya. "
        "Please ek minute baad phir se bhejo."
    ),
    "store_full": (
        "Mera storage bhar gaya hai, isliye abhi nayi requests nahi le sakta. "
        "Tumhari pehle ki pictures safe hain."
    ),
    # the Discord /draw command and its options
    "command_draw": "picture banao ya edit karo",
    "draw_request": "kya banana hai ya kya badalna hai",
    "draw_image": "shuru karne ke liye ek picture",
}
