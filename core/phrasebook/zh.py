"""The bot's own words in Simplified Chinese."""

PHRASES: dict[str, str] = {
    # the turn
    "nothing_asked": "告诉我想画什么或改什么，或者发一张图片给我。",
    "sorry": "抱歉，我这边出了点问题。请再试一次。",
    "not_understood": "抱歉，我刚才没弄明白你的意思。请稍后再试一次。",
    "lost_words": "抱歉，我刚才一时语塞了。你能再说一遍吗？",
    "too_long": "这条消息太长了（{length:,} 个字符，上限是 {limit:,}）。请发短一点的。",
    "got_one_upload": "收到——这是 {refs}。要我怎么处理它？",
    "got_uploads": "收到——这些是 {refs}。要我怎么处理它们？",
    "not_enabled": "抱歉，我在这里还没有为你开通。",
    "flood": "你发请求的速度比我画得还快。请等 {wait:.0f} 秒。",
    "in_progress": "你已经有 {count} 张图片正在生成。请等它们完成。",
    "picture_gone": "我已经找不到那张图片了。",
    "no_picture_yet": "这里还没有可以修改的图片。发一张给我，或者先让我画点什么吧。",
    "button_gone": "这个按钮已经没有作用了。",
    "no_alternative": "抱歉，我理解错了。你能换种说法吗？",
    "did_you_mean": "你是想要“{summary}”吗？",
    # what users call a skill (core.skill_titles), in captions and questions
    "title_text_to_image": "新图片",
    "title_image_variation": "变体",
    "title_instruct_edit": "编辑",
    "title_change_background": "新背景",
    "title_remove_background": "去掉背景",
    "title_replace_object": "替换",
    "title_remove_object": "擦除",
    "title_to_anime": "动漫风格",
    "title_style_transfer": "新风格",
    "title_sketch_to_image": "根据你的草图画图",
    "title_pose_to_image": "同样姿势的新图",
    "title_outpaint": "更宽的画面",
    "title_upscale": "更大更清晰",
    "title_colorize": "上色",
    "title_line_art": "线稿",
    "title_make_sticker": "贴纸",
    "title_style_reference": "另一张图的风格",
    "title_qr_art": "二维码",
    "title_add_text": "图上加字",
    "title_adjust": "调整",
    "title_adjust_brighter": "更亮",
    "title_adjust_darker": "更暗",
    "title_adjust_more_contrast": "对比度更高",
    "title_adjust_less_contrast": "对比度更低",
    "title_adjust_more_saturated": "颜色更鲜艳",
    "title_adjust_grayscale": "黑白",
    "title_adjust_rotate_left": "向左旋转",
    "title_adjust_rotate_right": "向右旋转",
    "title_adjust_flip_horizontal": "左右翻转",
    "title_adjust_flip_vertical": "上下翻转",
    "title_adjust_crop_square": "裁成正方形",
    "title_describe_image": "关于图片的回答",
    "title_chat": "只是聊聊",
    "title_undo": "回到 {image}",
    # questions when a request lacks something
    "unknown_skill": "这个我还不会做。你想让我做什么？",
    "send_image_first": "你说的是哪张图片？请先发一张图片给我。",
    "no_such_image": "我找不到图片 {ref}。你说的是哪一张？这个聊天里有：{refs}。",
    "invalid_argument": "我没太明白具体要求（{title}）。能换个说法吗？",
    "which_picture_none": "我该用哪张图片？请先发一张图片给我。",
    "which_picture": "你说的是哪张图片？告诉我它的编号，比如 #1。",
    "ask_prompt": "当然——图片里要画什么？",
    "ask_background": "当然——你想要什么背景？",
    "ask_instruction": "当然——要改什么？",
    "ask_target": "当然——要改掉或去掉什么？",
    "ask_replacement": "当然——换成什么？",
    "ask_style": "当然——你想要哪种风格？",
    "ask_content": "当然——QR 码里要放什么（链接还是文字）？",
    "ask_text": "当然——要写什么文字？",
    "ask_question": "当然——你想了解图片的什么？",
    "ask_message": "当然——你想说什么？",
    "ask_operation": (
        "当然——要怎么调：调亮、调暗、加强或减弱对比度、颜色更鲜艳、黑白、旋转、翻转，还是裁成正方形？"
    ),
    "ask_other": "当然——能再具体说说你想要什么吗？",
    # a job's progress and how it ended
    "queued": "⏳ 排队中…",
    "queued_at": "⏳ 排队中，第 {position} 位…",
    "working": "🎨 处理中…",
    "working_step": "🎨 处理中… 第 {step}/{total} 步",
    "skill_failed": "抱歉，这次没成功。你的对话和图片都安全无恙——请再试一次。",
    "model_missing": "我在这里还做不到：需要的模型还没有安装。我已经记下来，会告诉机器人的管理员。",
    "not_set_up": "我在这里还做不到：这个机器人还没有为此做好准备。我已经告诉它的管理员了。",
    "timed_out": "这次用时超过了 {limit:.0f} 秒，所以我把它停掉了。",
    "queue_down": "我现在连不上负责生成图片的服务器。请过一分钟再试——你的对话已经保存。",
    "refused_result": (
        "我画好了一张图，但它没通过这个聊天的内容过滤，所以我不会发出来。换个别的试试吧。"
    ),
    "too_old": "抱歉，我重启了，弄丢了你之前要的一张图片。请再说一次。",
    "lost_answer": "抱歉，重启时我弄丢了你某个请求的回复。请再说一次。",
    "image_missing": "这需要图片 {ref}，但我没收到。请再发一次。",
    "unknown_job_skill": "我不认识“{skill}”这个技能。",
    # what a skill found wrong with its input
    "no_subject_to_cut": (
        "我在那张图片里没找到可以抠出来的清晰主体。只有一个主要物体的照片效果最好。"
    ),
    "no_subject_here": "这里我分不清主体和背景。",
    "no_subject": "我在这张图片里没找到清晰的主体。",
    "not_found_in_picture": "我在图片里没找到 {target!r}。",
    "no_font": "我在这里没法往图片上写字：没有安装字体。我已经告诉机器人的管理员了。",
    "what_text": "要在图片上写什么文字？",
    "upscale_too_big": (
        "放大 ×{factor} 后这张图片会变成 {width}×{height}，超出了我能发送的大小。它已经很大了。"
    ),
    "upscale_too_big_try_2": (
        "放大 ×{factor} 后这张图片会变成 {width}×{height}，超出了我能发送的大小。试试 ×2。"
    ),
    "qr_too_long": "一个 QR 码放不下这么多文字。请缩短一些。",
    "qr_unscannable": "我没能为这段文字生成可以扫描的 QR 码。",
    "picture_empty": "收到的图片是空的。你能再发一次吗？",
    "picture_unreadable": "我没法把这个文件当作图片读取。请发送 PNG、JPEG 或 WebP 格式的图片。",
    "picture_damaged": "这张图片好像损坏了或不完整，我打不开。你能再发一次吗？",
    "picture_no_pixels": "这张图片里没有任何像素。",
    "picture_too_large": (
        "这张图片太大了：我最多只能接收 {megapixels:.0f} 百万像素。请发一张小一点的。"
    ),
    "picture_too_large_sized": (
        "这张图片太大了（{width}×{height}）：我最多只能接收 {megapixels:.0f} 百万像素。"
        "请发一张小一点的。"
    ),
    "missing_value": "还缺一点信息（{title}）。能再多说说你想要什么吗？",
    "bad_strength": "强度必须在 0 到 1 之间，不能是 {strength}。",
    # uploads refused before anything runs
    "refused_upload": "我没法处理这张图片：它没通过这个聊天的内容过滤。请换一张发送。",
    "upload_empty": "{name}是空的。请发送照片或图片文件（PNG, JPEG, WebP, GIF, BMP）。",
    "upload_too_large": "{name}太大了（{megabytes:.1f} MB，上限是 {limit:.0f} MB）。",
    "upload_vector": "{name}是矢量图（SVG），我没法编辑。请转成 PNG 再发。",
    "upload_heic": (
        "{name}是 HEIC 照片，我暂时打不开。请以 JPEG 格式发送（或者作为照片而不是文件发送）。"
    ),
    "upload_not_image": "我只能处理照片或图片文件（PNG, JPEG, WebP, GIF, BMP）；{name}是{kind}。",
    "upload_too_many_pixels": "{name}的像素太多，我没法安全地打开。",
    "upload_pixels_over": (
        "{name}太大了（{width}×{height} 像素，上限是 {megapixels:.0f} 百万像素）。"
        "请发一张小一点的。"
    ),
    "upload_damaged": (
        "我没法把{name}当作图片读取（可能已损坏）。请发送照片或图片文件（PNG, JPEG, WebP, GIF, "
        "BMP）。"
    ),
    "upload_format": (
        "{name}是 {kind} 格式的图片；请发送照片或图片文件（PNG, JPEG, WebP, GIF, BMP）。"
    ),
    "upload_unusable": (
        "我只能处理照片或图片文件（PNG, JPEG, WebP, GIF, BMP），而这个（{what}）不是。"
        "发一张图片，或者告诉我要画什么吧。"
    ),
    # what was sent, named for the sentences above ({name}, {kind}, {what})
    "file_without_name": "这个文件",
    "kind_sticker": "贴纸",
    "kind_voice_message": "语音消息",
    "kind_audio_file": "音频文件",
    "kind_video": "视频",
    "kind_video_message": "视频消息",
    "kind_text_file": "文本文件",
    "kind_pdf": "PDF 文档",
    "kind_other_file": "其他类型的文件",
    "download_failed": "我没能从 {platform} 获取你的图片。请再发一次。",
    # commands anyone may use
    "help_intro": (
        "我可以通过聊天来画图和修图。试试：\n"
        "• “画一只夕阳下海滩上的猫”\n"
        "• 发一张照片，然后说“改成动漫风”“去掉背景”“把它放到巴黎”\n"
        "• “给它戴上墨镜”“镜头拉远一点”“把图变大一点”“在上面写‘你好’”\n"
        "• “这是什么品种？”——我也能回答关于图片的问题"
    ),
    "help_commands": "命令：{listed}。",
    "command_reset": "在这里开始新的对话",
    "command_undo": "回到上一张图片",
    "command_help": "我能做什么",
    "unknown_command": "我不认识 {name} 这个命令。发送 /help 看看我能做什么。",
    "admins_only": "抱歉，{name} 只有这个机器人的管理员才能用。",
    "fresh_start": "重新开始！我已经忘掉了这个聊天里之前的图片。",
    "nothing_to_undo": "现在还没有可以撤销的操作。",
    "first_picture": "{ref} 是这里的第一张图片，前面没有别的了。",
    "nothing_to_rate": "我还没有可以评价的回答。",
    "rated_good": "谢谢你的反馈！",
    "rated_bad": "记下了——谢谢你告诉我。",
    # storage
    "store_unavailable": "我现在什么都保存不了。请过一分钟再试。",
    "store_busy": "我正忙着保存其他内容，没能保存你的消息。请过一分钟再发一次。",
    "store_full": "我的存储空间用完了，所以现在接不了新的请求。你之前的图片都很安全。",
    # the Discord /draw command and its options
    "command_draw": "画图或修图",
    "draw_request": "要画什么或改什么",
    "draw_image": "作为起点的图片",
}
