"""The bot's own words in Japanese (polite です/ます)."""

PHRASES: dict[str, str] = {
    # the turn
    "nothing_asked": "何を描くか、どう編集するか教えてください。画像を送ってもらってもOKです。",
    "sorry": "すみません、こちらで問題が起きました。もう一度お試しください。",
    "not_understood": (
        "すみません、いまの内容がうまく理解できませんでした。少ししてからもう一度お試しください。"
    ),
    "lost_words": "すみません、一瞬言葉が出てきませんでした。もう一度言ってもらえますか？",
    "too_long": (
        "メッセージが長すぎます（{length:,}文字、上限は{limit:,}文字です）。"
        "もう少し短くして送ってください。"
    ),
    "got_one_upload": "受け取りました — {refs}です。これをどうしますか？",
    "got_uploads": "受け取りました — {refs}です。これらをどうしますか？",
    "not_enabled": "すみません、ここではあなた向けに有効になっていません。",
    "flood": "リクエストが速すぎて、描くのが追いつきません。{wait:.0f}秒お待ちください。",
    "in_progress": "すでに{count}枚の画像を作成中です。完成するまでお待ちください。",
    "picture_gone": "その画像はもう見つかりません。",
    "no_picture_yet": (
        "まだ編集できる画像がありません。画像を送るか、先に何か描くように頼んでください。"
    ),
    "button_gone": "このボタンはもう使えません。",
    "no_alternative": "すみません、勘違いしていました。別の言い方で教えてもらえますか？",
    "did_you_mean": "もしかして「{summary}」のことですか？",
    # what users call a skill (core.skill_titles), in captions and questions
    "title_text_to_image": "新しい画像",
    "title_image_variation": "バリエーション",
    "title_instruct_edit": "編集",
    "title_change_background": "新しい背景",
    "title_remove_background": "背景を削除",
    "title_replace_object": "置き換え",
    "title_remove_object": "消去",
    "title_to_anime": "アニメ風",
    "title_style_transfer": "新しいスタイル",
    "title_sketch_to_image": "スケッチから画像",
    "title_pose_to_image": "同じポーズの画像",
    "title_outpaint": "もっと広い画角",
    "title_upscale": "大きく、くっきり",
    "title_colorize": "カラー化",
    "title_line_art": "線画",
    "title_make_sticker": "ステッカー",
    "title_style_reference": "別の画像のスタイル",
    "title_qr_art": "QRコード",
    "title_add_text": "画像に文字入れ",
    "title_adjust": "調整",
    "title_adjust_brighter": "明るく",
    "title_adjust_darker": "暗く",
    "title_adjust_more_contrast": "コントラストを強く",
    "title_adjust_less_contrast": "コントラストを弱く",
    "title_adjust_more_saturated": "色鮮やかに",
    "title_adjust_grayscale": "白黒",
    "title_adjust_rotate_left": "左に回転",
    "title_adjust_rotate_right": "右に回転",
    "title_adjust_flip_horizontal": "左右反転",
    "title_adjust_flip_vertical": "上下反転",
    "title_adjust_crop_square": "正方形に切り抜き",
    "title_describe_image": "画像についての回答",
    "title_chat": "ただのおしゃべり",
    "title_undo": "{image} に戻す",
    # questions when a request lacks something
    "unknown_skill": "それはまだできません。何をしましょうか？",
    "send_image_first": "どの画像のことですか？まず画像を送ってください。",
    "no_such_image": (
        "画像{ref}が見つかりません。どれのことですか？このチャットにあるのは{refs}です。"
    ),
    "invalid_argument": (
        "詳しい内容がよくわかりませんでした（{title}）。別の言い方で教えてもらえますか？"
    ),
    "which_picture_none": "どの画像を使いますか？まず画像を送ってください。",
    "which_picture": "どの画像のことですか？#1のように番号で教えてください。",
    "ask_prompt": "もちろんです — どんな絵にしますか？",
    "ask_background": "もちろんです — どんな背景がいいですか？",
    "ask_instruction": "もちろんです — どこを変えますか？",
    "ask_target": "もちろんです — 何を変更または削除しますか？",
    "ask_replacement": "もちろんです — 代わりに何を入れますか？",
    "ask_style": "もちろんです — どのスタイルがいいですか？",
    "ask_content": "もちろんです — QRコードに何を入れますか（リンクまたはテキスト）？",
    "ask_text": "もちろんです — どんな文字を書きますか？",
    "ask_question": "もちろんです — 画像について何が知りたいですか？",
    "ask_message": "もちろんです — 何と伝えたいですか？",
    "ask_operation": (
        "もちろんです — どうしますか？明るく、暗く、コントラストを強く・弱く、"
        "色を鮮やかに、白黒、回転、反転、正方形に切り抜き、から選んでください。"
    ),
    "ask_other": "もちろんです — どうしたいか、もう少し詳しく教えてもらえますか？",
    # a job's progress and how it ended
    "queued": "⏳ 順番待ちです…",
    "queued_at": "⏳ 順番待ち中、{position}番目です…",
    "working": "🎨 作成中…",
    "working_step": "🎨 作成中… ステップ {step}/{total}",
    "skill_failed": (
        "すみません、今回はうまくいきませんでした。会話と画像は無事です — もう一度お試しください。"
    ),
    "model_missing": (
        "ここではまだそれができません：必要なモデルがインストールされていません。"
        "ボットの管理者に伝えておきました。"
    ),
    "not_set_up": (
        "ここではまだそれができません：このボットはまだその準備ができていません。"
        "管理者に伝えておきました。"
    ),
    "timed_out": "{limit:.0f}秒以上かかったので、止めました。",
    "queue_down": (
        "いま画像を作るサーバーに接続できません。1分ほどしてからもう一度お試しください — "
        "会話は保存されています。"
    ),
    "refused_result": (
        "画像を作りましたが、このチャットのコンテンツフィルターを通らなかったので送れません。"
        "別のものを頼んでみてください。"
    ),
    "too_old": (
        "すみません、再起動したため、少し前に頼まれた画像が失われてしまいました。"
        "もう一度お願いします。"
    ),
    "lost_answer": (
        "すみません、再起動中にリクエストのひとつへの返事が失われてしまいました。"
        "もう一度お願いします。"
    ),
    "image_missing": "これには画像{ref}が必要ですが、届いていません。もう一度送ってください。",
    "unknown_job_skill": "「{skill}」というスキルはわかりません。",
    # what a skill found wrong with its input
    "no_subject_to_cut": (
        "その画像には、切り抜けるはっきりした被写体が見つかりませんでした。"
        "メインのものがひとつ写っている写真がいちばんうまくいきます。"
    ),
    "no_subject_here": "ここでは被写体と背景を区別できませんでした。",
    "no_subject": "この画像にははっきりした被写体が見つかりませんでした。",
    "not_found_in_picture": "画像の中に{target!r}が見つかりませんでした。",
    "no_font": (
        "ここでは画像に文字を書けません：フォントがインストールされていません。"
        "ボットの管理者に伝えておきました。"
    ),
    "what_text": "画像にどんな文字を書きますか？",
    "upscale_too_big": (
        "×{factor}にするとこの画像は{width}×{height}になり、送れるサイズを超えてしまいます。"
        "すでに十分大きい画像です。"
    ),
    "upscale_too_big_try_2": (
        "×{factor}にするとこの画像は{width}×{height}になり、送れるサイズを超えてしまいます。"
        "×2を試してみてください。"
    ),
    "qr_too_long": "QRコード1つにはテキストが多すぎます。短くしてください。",
    "qr_unscannable": "そのテキストで読み取れるQRコードを作れませんでした。",
    "picture_empty": "画像が空の状態で届きました。もう一度送ってもらえますか？",
    "picture_unreadable": (
        "そのファイルを画像として読み込めませんでした。PNG、JPEG、WebPの画像を送ってください。"
    ),
    "picture_damaged": (
        "その画像は壊れているか途中で切れているようで、開けませんでした。"
        "もう一度送ってもらえますか？"
    ),
    "picture_no_pixels": "その画像にはピクセルがありません。",
    "picture_too_large": (
        "その画像は大きすぎます：受け付けられるのは{megapixels:.0f}メガピクセルまでです。"
        "小さいサイズのものを送ってください。"
    ),
    "picture_too_large_sized": (
        "その画像は大きすぎます（{width}×{height}）："
        "受け付けられるのは{megapixels:.0f}メガピクセルまでです。"
        "小さいサイズのものを送ってください。"
    ),
    "missing_value": (
        "もう少し情報が必要です（{title}）。どうしたいか、もう少し詳しく教えてください。"
    ),
    "bad_strength": "強さは0から1の間で指定してください（{strength}は範囲外です）。",
    # uploads refused before anything runs
    "refused_upload": (
        "その画像は扱えません：このチャットのコンテンツフィルターを通りませんでした。"
        "別の画像を送ってください。"
    ),
    "upload_empty": (
        "{name}は空です。写真か画像ファイル（PNG, JPEG, WebP, GIF, BMP）を送ってください。"
    ),
    "upload_too_large": "{name}は大きすぎます（{megabytes:.1f} MB、上限は{limit:.0f} MBです）。",
    "upload_vector": "{name}はベクター画像（SVG）なので編集できません。PNGにして送ってください。",
    "upload_heic": (
        "{name}はHEIC形式の写真で、まだ開けません。"
        "JPEGにして送ってください（またはファイルではなく写真として送ってください）。"
    ),
    "upload_not_image": (
        "扱えるのは写真か画像ファイル（PNG, JPEG, WebP, GIF, BMP）だけです。{name}は{kind}です。"
    ),
    "upload_too_many_pixels": "{name}はピクセル数が多すぎて、安全に開けません。",
    "upload_pixels_over": (
        "{name}は大きすぎます（{width}×{height}ピクセル、上限は{megapixels:.0f}メガピクセルです）。"
        "小さいサイズのものを送ってください。"
    ),
    "upload_damaged": (
        "{name}を画像として読み込めませんでした（壊れている可能性があります）。"
        "写真か画像ファイル（PNG, JPEG, WebP, GIF, BMP）を送ってください。"
    ),
    "upload_format": (
        "{name}は{kind}形式の画像です。写真か画像ファイル（PNG, JPEG, WebP, GIF, BMP）"
        "を送ってください。"
    ),
    "upload_unusable": (
        "扱えるのは写真か画像ファイル（PNG, JPEG, WebP, GIF, BMP）だけで、これ（{what}）"
        "は対象外です。画像を送るか、描いてほしいものを教えてください。"
    ),
    # what was sent, named for the sentences above ({name}, {kind}, {what})
    "file_without_name": "ファイル",
    "kind_sticker": "ステッカー",
    "kind_voice_message": "ボイスメッセージ",
    "kind_audio_file": "音声ファイル",
    "kind_video": "動画",
    "kind_video_message": "ビデオメッセージ",
    "kind_text_file": "テキストファイル",
    "kind_pdf": "PDF文書",
    "kind_other_file": "別の種類のファイル",
    "download_failed": "{platform}から画像を取得できませんでした。もう一度送ってください。",
    # commands anyone may use
    "help_intro": (
        "会話しながら絵を描いたり画像を編集したりします。たとえば：\n"
        "• 「夕焼けのビーチにいる猫を描いて」\n"
        "• 写真を送って「アニメ風にして」「背景を消して」「背景をパリにして」と言ってみてください\n"
        "• 「サングラスをかけさせて」「ズームアウトして」「大きくして」"
        "「上に『こんにちは』と書いて」\n"
        "• 「これは何の品種？」 — 画像についての質問にも答えます"
    ),
    "help_commands": "コマンド：{listed}。",
    "command_reset": "ここで新しい会話を始める",
    "command_undo": "ひとつ前の画像に戻る",
    "command_help": "できること",
    "unknown_command": (
        "{name}というコマンドはわかりません。/help を送ると、できることを確認できます。"
    ),
    "admins_only": "すみません、{name}はこのボットの管理者専用です。",
    "fresh_start": "リセットしました！このチャットでのこれまでの画像は忘れました。",
    "nothing_to_undo": "まだ元に戻せるものはありません。",
    "first_picture": "{ref}はここで最初の画像なので、その前には何もありません。",
    "nothing_to_rate": "まだ評価できる私の回答はありません。",
    "rated_good": "フィードバックありがとうございます！",
    "rated_bad": "承知しました — 教えてくれてありがとうございます。",
    # storage
    "store_unavailable": "いまは何も保存できません。1分ほどしてからもう一度お試しください。",
    "store_busy": (
        "ほかのデータの保存で手いっぱいで、メッセージを保存できませんでした。"
        "1分ほどしてからもう一度送ってください。"
    ),
    "store_full": (
        "保存容量がいっぱいになったため、いまは新しいリクエストを受け付けられません。"
        "これまでの画像は無事です。"
    ),
    # the Discord /draw command and its options
    "command_draw": "絵を描く・画像を編集する",
    "draw_request": "描きたいもの・変えたいこと",
    "draw_image": "元にする画像",
}
