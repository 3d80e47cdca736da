"""The bot's own words in Brazilian Portuguese (você)."""

PHRASES: dict[str, str] = {
    # the turn
    "nothing_asked": "Me diga o que desenhar ou editar, ou me mande uma imagem.",
    "sorry": "Desculpe, algo deu errado do meu lado. Tente de novo, por favor.",
    "not_understood": (
        "Desculpe, não consegui entender o que você quis dizer agora. Tente de novo daqui a pouco."
    ),
    "lost_words": "Desculpe, me faltaram as palavras por um momento. Pode repetir?",
    "too_long": (
        "Essa mensagem é longa demais ({length:,} caracteres; o limite é {limit:,}). "
        "Mande uma mais curta, por favor."
    ),
    "got_one_upload": "Recebi — é a imagem {refs}. O que eu faço com ela?",
    "got_uploads": "Recebi — são as imagens {refs}. O que eu faço com elas?",
    "not_enabled": "Desculpe, não estou ativado para você aqui.",
    "flood": (
        "Você está mandando pedidos mais rápido do que eu consigo desenhar. "
        "Espere {wait:.0f} s, por favor."
    ),
    "in_progress": (
        "Você já tem {count} imagens em andamento. Espere elas ficarem prontas, por favor."
    ),
    "picture_gone": "Não encontro mais essa imagem.",
    "no_picture_yet": (
        "Ainda não tem nenhuma imagem aqui para mudar. "
        "Me mande uma ou peça para eu desenhar algo primeiro."
    ),
    "button_gone": "Esse botão não faz mais nada.",
    "no_alternative": "Desculpe, entendi errado. Pode dizer de outro jeito?",
    "did_you_mean": "Você quis dizer {summary}?",
    # what users call a skill (core.skill_titles), in captions and questions
    "title_text_to_image": "uma imagem nova",
    "title_image_variation": "uma variação",
    "title_instruct_edit": "uma edição",
    "title_change_background": "um fundo novo",
    "title_remove_background": "sem fundo",
    "title_replace_object": "uma troca",
    "title_remove_object": "algo apagado",
    "title_to_anime": "estilo anime",
    "title_style_transfer": "um estilo novo",
    "title_sketch_to_image": "uma imagem a partir do seu rascunho",
    "title_pose_to_image": "uma imagem com a mesma pose",
    "title_outpaint": "uma visão mais ampla",
    "title_upscale": "uma versão maior e mais nítida",
    "title_colorize": "uma versão colorida",
    "title_line_art": "um desenho de linhas",
    "title_make_sticker": "uma figurinha",
    "title_style_reference": "o estilo de outra imagem",
    "title_qr_art": "um código QR",
    "title_add_text": "texto na imagem",
    "title_adjust": "um ajuste",
    "title_adjust_brighter": "mais clara",
    "title_adjust_darker": "mais escura",
    "title_adjust_more_contrast": "mais contraste",
    "title_adjust_less_contrast": "menos contraste",
    "title_adjust_more_saturated": "cores mais vivas",
    "title_adjust_grayscale": "em preto e branco",
    "title_adjust_rotate_left": "girada para a esquerda",
    "title_adjust_rotate_right": "girada para a direita",
    "title_adjust_flip_horizontal": "espelhada",
    "title_adjust_flip_vertical": "de cabeça para baixo",
    "title_adjust_crop_square": "cortada em quadrado",
    "title_describe_image": "uma resposta sobre a imagem",
    "title_chat": "só conversar",
    "title_undo": "voltar para {image}",
    # questions when a request lacks something
    "unknown_skill": "Isso eu ainda não sei fazer. O que você quer que eu faça?",
    "send_image_first": "Qual imagem você quer dizer? Me mande uma imagem primeiro, por favor.",
    "no_such_image": "Não encontro a imagem {ref}. Qual você quer dizer? Neste chat tem: {refs}.",
    "invalid_argument": "Não entendi bem os detalhes ({title}). Pode dizer de outro jeito?",
    "which_picture_none": "Qual imagem devo usar? Me mande uma imagem primeiro, por favor.",
    "which_picture": "Qual imagem você quer dizer? Me diga o número dela, tipo #1.",
    "ask_prompt": "Claro — o que a imagem deve mostrar?",
    "ask_background": "Claro — que fundo você quer?",
    "ask_instruction": "Claro — o que devo mudar?",
    "ask_target": "Claro — o que devo mudar ou remover?",
    "ask_replacement": "Claro — o que eu coloco no lugar?",
    "ask_style": "Claro — qual estilo você quer?",
    "ask_content": "Claro — o que o QR code deve conter (um link ou um texto)?",
    "ask_text": "Claro — que texto devo escrever?",
    "ask_question": "Claro — o que você quer saber sobre a imagem?",
    "ask_message": "Claro — o que você quer dizer?",
    "ask_operation": (
        "Claro — o que eu faço com ela: mais clara, mais escura, mais ou menos contraste,"
        " cores mais vivas, preto e branco, girar, espelhar ou cortar quadrada?"
    ),
    "ask_other": "Claro — pode me contar um pouco mais do que você quer?",
    # a job's progress and how it ended
    "queued": "⏳ Na fila…",
    "queued_at": "⏳ Na fila, posição {position}…",
    "working": "🎨 Trabalhando…",
    "working_step": "🎨 Trabalhando… etapa {step}/{total}",
    "skill_failed": (
        "Desculpe, não deu certo desta vez. Sua conversa e suas imagens estão seguras — tente de "
        "novo."
    ),
    "model_missing": (
        "Ainda não consigo fazer isso aqui: precisa de um modelo que não está instalado. "
        "Deixei anotado para os administradores do bot."
    ),
    "not_set_up": (
        "Ainda não consigo fazer isso aqui: este bot não está preparado para isso. "
        "Já avisei os administradores dele."
    ),
    "timed_out": "Isso demorou mais de {limit:.0f} s, então eu parei.",
    "queue_down": (
        "Não consigo falar com meus servidores de imagem agora. "
        "Tente de novo daqui a um minuto — sua conversa está salva."
    ),
    "refused_result": (
        "Fiz uma imagem, mas ela não passou no filtro de conteúdo deste chat, então não vou "
        "enviá-la. Tente pedir outra coisa."
    ),
    "too_old": (
        "Desculpe, fui reiniciado e perdi uma imagem que você pediu há um tempo. "
        "Peça de novo, por favor."
    ),
    "lost_answer": (
        "Desculpe, perdi a resposta de um dos seus pedidos ao reiniciar. Peça de novo, por favor."
    ),
    "image_missing": (
        "Preciso da imagem {ref} para isso, mas ela não chegou até mim. Mande de novo, por favor."
    ),
    "unknown_job_skill": "Não conheço a habilidade “{skill}”.",
    # what a skill found wrong with its input
    "no_subject_to_cut": (
        "Não encontrei um objeto principal claro nessa imagem para recortar. "
        "Funciona melhor com uma foto que tenha uma coisa principal."
    ),
    "no_subject_here": "Aqui não consegui separar o objeto principal do fundo.",
    "no_subject": "Não encontrei um objeto principal claro nesta imagem.",
    "not_found_in_picture": "Não encontrei {target!r} na imagem.",
    "no_font": (
        "Não consigo escrever em imagens aqui: não há nenhuma fonte instalada. "
        "Já avisei os administradores do bot."
    ),
    "what_text": "Que texto devo escrever na imagem?",
    "upscale_too_big": (
        "Com ×{factor}, esta imagem ficaria com {width}×{height}, maior do que consigo enviar. "
        "Ela já é bem grande."
    ),
    "upscale_too_big_try_2": (
        "Com ×{factor}, esta imagem ficaria com {width}×{height}, maior do que consigo enviar. "
        "Tente ×2."
    ),
    "qr_too_long": "É texto demais para um QR code só. Encurte, por favor.",
    "qr_unscannable": "Não consegui fazer um QR code legível com esse texto.",
    "picture_empty": "A imagem chegou vazia. Pode mandar de novo?",
    "picture_unreadable": (
        "Não consegui ler esse arquivo como imagem. Mande uma imagem PNG, JPEG ou WebP, por favor."
    ),
    "picture_damaged": (
        "Essa imagem parece estar danificada ou cortada, então não consegui abrir. "
        "Pode mandar de novo?"
    ),
    "picture_no_pixels": "Essa imagem não tem nenhum pixel.",
    "picture_too_large": (
        "Essa imagem é grande demais: aceito até {megapixels:.0f} megapixels. "
        "Mande uma versão menor, por favor."
    ),
    "picture_too_large_sized": (
        "Essa imagem é grande demais ({width}×{height}): aceito até {megapixels:.0f} megapixels. "
        "Mande uma versão menor, por favor."
    ),
    "missing_value": "Falta um detalhe ({title}). Pode me contar um pouco mais do que você quer?",
    "bad_strength": "A intensidade precisa estar entre 0 e 1, não {strength}.",
    # uploads refused before anything runs
    "refused_upload": (
        "Não posso trabalhar com essa imagem: ela não passou no filtro de conteúdo deste chat. "
        "Mande outra, por favor."
    ),
    "upload_empty": (
        "{name} está vazio. Mande fotos ou arquivos de imagem (PNG, JPEG, WebP, GIF, BMP)."
    ),
    "upload_too_large": "{name} é grande demais ({megabytes:.1f} MB; o limite é {limit:.0f} MB).",
    "upload_vector": (
        "{name} é um desenho vetorial (SVG), que não consigo editar. Mande como PNG, por favor."
    ),
    "upload_heic": (
        "{name} é uma foto HEIC, que ainda não consigo abrir. "
        "Mande como JPEG (ou como foto em vez de arquivo)."
    ),
    "upload_not_image": (
        "Só consigo trabalhar com fotos ou arquivos de imagem (PNG, JPEG, WebP, GIF, BMP); "
        "{name} é {kind}."
    ),
    "upload_too_many_pixels": "{name} tem pixels demais para eu abrir com segurança.",
    "upload_pixels_over": (
        "{name} é grande demais ({width}×{height} pixels; o limite é {megapixels:.0f} megapixels). "
        "Mande uma versão menor, por favor."
    ),
    "upload_damaged": (
        "Não consegui ler {name} como imagem (pode estar danificado). "
        "Mande fotos ou arquivos de imagem (PNG, JPEG, WebP, GIF, BMP)."
    ),
    "upload_format": (
        "{name} é uma imagem {kind}; mande fotos ou arquivos de imagem (PNG, JPEG, WebP, GIF, BMP)."
    ),
    "upload_unusable": (
        "Só consigo trabalhar com fotos ou arquivos de imagem (PNG, JPEG, WebP, GIF, BMP), e isto "
        "({what}) não é um deles. Mande uma imagem ou me diga o que desenhar."
    ),
    # what was sent, named for the sentences above ({name}, {kind}, {what})
    "file_without_name": "o arquivo",
    "kind_sticker": "uma figurinha",
    "kind_voice_message": "uma mensagem de voz",
    "kind_audio_file": "um arquivo de áudio",
    "kind_video": "um vídeo",
    "kind_video_message": "uma mensagem de vídeo",
    "kind_text_file": "um arquivo de texto",
    "kind_pdf": "um documento PDF",
    "kind_other_file": "outro tipo de arquivo",
    "download_failed": "Não consegui baixar sua imagem do {platform}. Mande de novo, por favor.",
    # commands anyone may use
    "help_intro": (
        "Eu desenho e edito imagens conversando com você. Experimente:\n"
        "• “desenha um gato numa praia ao pôr do sol”\n"
        "• mande uma foto e diga “deixa no estilo anime”, “tira o fundo”, “coloca em Paris”\n"
        "• “põe óculos escuros nele”, “afasta a câmera”, “deixa maior”, “escreve ‘oi’ em cima”\n"
        "• “que raça é essa?” — eu respondo perguntas sobre as imagens"
    ),
    "help_commands": "Comandos: {listed}.",
    "command_reset": "começar uma conversa nova aqui",
    "command_undo": "voltar para a imagem anterior",
    "command_help": "o que eu sei fazer",
    "unknown_command": "Não conheço o comando {name}. Mande /help para ver o que eu sei fazer.",
    "admins_only": "Desculpe, {name} é só para os administradores deste bot.",
    "fresh_start": "Começando do zero! Esqueci nossas imagens anteriores deste chat.",
    "nothing_to_undo": "Ainda não tem nada para desfazer.",
    "first_picture": "{ref} é a primeira imagem aqui; não tem nada antes dela.",
    "nothing_to_rate": "Ainda não tem nenhuma resposta minha para avaliar.",
    "rated_good": "Obrigado pelo feedback!",
    "rated_bad": "Anotado — obrigado por me avisar.",
    # storage
    "store_unavailable": "Não consigo salvar nada agora. Tente de novo daqui a um minuto.",
    "store_busy": (
        "Estou ocupado salvando outras coisas e não consegui guardar sua mensagem. "
        "Mande de novo daqui a um minuto, por favor."
    ),
    "store_full": (
        "Fiquei sem espaço de armazenamento, então não posso aceitar novos pedidos agora. "
        "Suas imagens anteriores estão seguras."
    ),
    # the Discord /draw command and its options
    "command_draw": "desenhar ou editar uma imagem",
    "draw_request": "o que desenhar ou mudar",
    "draw_image": "uma imagem para começar",
}
