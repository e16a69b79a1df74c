"""The two *instructivos*: registration and identity verification (OJ manual) and the
Certificación de Servicios request (ONSEC manual), adapted to this portal's screens."""

from . import callout, ol, p, payment, section, step, ul

GUIDE_INDEX = {
    "title": "Instructivos",
    "slug": "instructivos",
    "intro": (
        "Guías paso a paso para usar los servicios electrónicos del portal: cómo crear su cuenta, "
        "verificar su identidad y solicitar su Certificación de Servicios."
    ),
}

REGISTRATION = {
    "title": "Registro de usuario y verificación de identidad",
    "slug": "registro-y-verificacion-de-identidad",
    "intro": (
        "Cómo crear su cuenta en el Portal de Servicios Electrónicos, confirmar su correo electrónico, ingresar "
        "por primera vez, completar sus datos personales y verificar su identidad con su DPI y un video. "
        "Registrarse es el primer paso y lo realizará una sola vez."
    ),
    "search_description": "Crear cuenta, confirmar el correo, ingresar, datos personales y verificación de identidad.",
}


def registration_body() -> list[dict]:
    return [
        section(
            "Objetivo",
            p(
                "El Portal de Servicios Electrónicos pone a disposición de la ciudadanía, de los servidores y ex "
                "servidores públicos y de las entidades públicas y privadas herramientas tecnológicas para realizar "
                "sus trámites ante el Estado con calidad, agilidad y eficiencia, desde cualquier lugar y a cualquier "
                "hora."
            ),
        ),
        section(
            "Antes de empezar",
            p("Tenga a la mano lo siguiente:")
            + ul(
                "Su Documento Personal de Identificación (DPI) vigente: necesitará el Código Único de "
                "Identificación (CUI), los 13 dígitos de su DPI.",
                "Un correo electrónico propio al que tenga acceso: allí recibirá el enlace para confirmar su cuenta.",
                "Un teléfono o una computadora con cámara, para grabar el video corto de la verificación de identidad.",
                "Un navegador actualizado. Se recomienda Google Chrome o Mozilla Firefox en su versión más reciente.",
            ),
        ),
        step(
            "Ingrese al portal y haga clic en REGISTRARSE",
            p(
                "En la página de inicio del portal dé clic en el botón verde <b>REGISTRARSE</b>. También puede "
                'entrar directamente a <a href="/cuenta/registro/">Crear cuenta nueva</a>.',
                "Registrarse es el primer paso y lo realizará una sola vez. Si ya tiene cuenta, use el botón "
                "<b>INGRESAR</b>.",
            ),
        ),
        step(
            "Llene el formulario de registro",
            p("Llene los siguientes campos para iniciar la creación de su usuario y dé clic en <b>Registrarse</b>."),
            fields=[
                (
                    "CUI (número de DPI)",
                    "Los 13 dígitos de su DPI. Puede escribirlos con o sin espacios o guiones, por ejemplo "
                    "«XXXX XXXXX XXXX». El portal comprueba que el número sea válido (dígito verificador, "
                    "departamento y municipio).",
                    True,
                ),
                ("Fecha de nacimiento", "En formato dd/mm/aaaa, por ejemplo 20/05/1986. Debe ser mayor de edad.", True),
                (
                    "Correo electrónico",
                    "Un correo propio al que tenga acceso. Junto con su CUI, será su usuario para ingresar.",
                    True,
                ),
                ("Confirmar correo electrónico", "Escriba otra vez el mismo correo electrónico.", True),
                (
                    "Contraseña",
                    "Al menos 8 caracteres, con una letra mayúscula, números y un carácter especial (por ejemplo "
                    "@ # $ % & * ?). No use su nombre, su CUI ni contraseñas comunes.",
                    True,
                ),
                ("Confirmar contraseña", "Escriba otra vez la misma contraseña.", True),
                ("No soy un robot", "Escriba las letras que aparecen en la imagen.", True),
                (
                    "Términos y condiciones",
                    "Marque la casilla «He leído, comprendido y acepto los términos y condiciones de uso del portal "
                    "y del casillero electrónico».",
                    True,
                ),
            ],
            callout=(
                "importante",
                "Lea los términos y condiciones",
                p(
                    'Antes de aceptarlos, léalos con detenimiento en <a href="/terminos/">Términos de uso y '
                    "condiciones</a>. Al aceptarlos, acepta recibir las notificaciones de sus trámites en su "
                    "casillero electrónico."
                ),
            ),
        ),
        step(
            "Confirme su correo electrónico",
            p(
                "Al registrarse verá el mensaje <i>«Su información debe ser verificada. Se ha enviado a su correo "
                "electrónico las instrucciones para confirmar el correo registrado»</i>.",
                "Abra el correo que le enviamos y dé clic en el botón <b>Aquí</b>. El portal le confirmará que su "
                "correo quedó verificado y podrá ingresar. Mientras no confirme su correo, no podrá ingresar al "
                "portal.",
            ),
            callout=(
                "info",
                "¿No le llegó el correo?",
                ul(
                    "Revise la carpeta de correo no deseado (spam).",
                    "El enlace vence a las 24 horas y sirve una sola vez.",
                    'Pida un enlace nuevo en <a href="/cuenta/confirmar/reenviar/">Reenviar confirmación</a>.',
                ),
            ),
        ),
        step(
            "Ingrese al portal",
            p(
                'Dé clic en <b>INGRESAR</b> (o entre a <a href="/cuenta/ingresar/">Ingresar</a>), escriba su '
                "correo electrónico o su CUI, su contraseña y las letras de la imagen, y dé clic en <b>Ingresar</b>."
            ),
            fields=[
                ("Correo electrónico o CUI", "El correo con el que se registró o los 13 dígitos de su DPI.", True),
                ("Contraseña", "La contraseña que creó al registrarse.", True),
                ("No soy un robot", "Las letras que aparecen en la imagen.", True),
            ],
            callout=(
                "advertencia",
                "Protección de su cuenta",
                p(
                    "Después de varios intentos fallidos, el ingreso se bloquea durante 30 minutos. Si no recuerda "
                    "su contraseña, use la opción <b>¿Olvidó su contraseña?</b>."
                ),
            ),
        ),
        step(
            "Complete sus datos personales",
            p(
                "La primera vez que ingrese, su <b>Tablero</b> mostrará el aviso <i>«¡Se detectaron algunos errores "
                "que debe atender! Para continuar por favor complete sus datos personales haciendo clic aquí»</i>. "
                "Dé clic en el enlace, llene sus datos y dé clic en <b>Guardar Datos Personales</b>.",
                "Al terminar verá el mensaje <i>«¡Felicidades! Ha actualizado sus datos personales»</i> y podrá "
                "usar los servicios del portal.",
            ),
            fields=[
                ("Primer Nombre, Segundo Nombre, Otros Nombres", "Tal como aparecen en su DPI.", True),
                ("Primer Apellido, Segundo Apellido, Apellido de Casada", "Tal como aparecen en su DPI.", True),
                ("DPI", "Se muestra el CUI con el que se registró; no se puede cambiar.", False),
                ("NIT", "Su Número de Identificación Tributaria; el portal comprueba que sea válido.", False),
                ("Afiliación IGSS", "Su número de afiliación al Instituto Guatemalteco de Seguridad Social.", True),
                ("Fecha de nacimiento, Género, Etnia, Comunidad Sociolingüística", "Elija de las listas.", True),
                (
                    "Departamento y Municipio de Residencia",
                    "Al elegir el departamento, la lista de municipios muestra solo los de ese departamento.",
                    True,
                ),
                ("Teléfono, Zona", "Un teléfono de contacto y la zona de su residencia.", False),
                (
                    "Dirección y Dirección para Recibir Notificaciones",
                    "Su dirección de residencia y la dirección donde desea recibir notificaciones.",
                    True,
                ),
            ],
        ),
        step(
            "Solicite la verificación de su identidad",
            p(
                "En su Tablero dé clic en <b>Verificación de identidad</b> "
                '(<a href="/cuenta/verificar-identidad/">Verificar mi identidad</a>), adjunte la información '
                "solicitada y dé clic en el botón <b>SOLICITAR</b>."
            ),
            fields=[
                ("CUI", "Los 13 dígitos de su DPI; deben coincidir con los de su cuenta.", True),
                (
                    "Adjuntar DPI (anverso) y Adjuntar DPI (reverso)",
                    "Imagen o PDF legible de cada lado del DPI: jpg, jpeg, png o pdf, hasta 8 MB cada uno.",
                    True,
                ),
                (
                    "Adjuntar video de confirmación",
                    "Video de 3 a 90 segundos (mp4 o webm, hasta 40 MB) en el que diga de manera expresa, en idioma "
                    "español, su nombre completo, su Código Único de Identificación y que solicita ser parte del "
                    "Portal de Servicios Electrónicos. Puede grabarlo desde la misma página con la cámara de su "
                    "teléfono o computadora.",
                    True,
                ),
            ],
            callout=(
                "importante",
                "Para que su video sea aceptado",
                ul(
                    "Grábelo en un lugar iluminado, con su rostro visible y sin lentes oscuros ni gorra.",
                    "Hable claro y en español: «Mi nombre es …, mi CUI es …, y solicito ser parte del Portal de "
                    "Servicios Electrónicos».",
                    "Las imágenes del DPI deben verse completas, claras y legibles.",
                ),
            ),
        ),
        step(
            "Espere la revisión de su solicitud",
            p(
                "Una vez enviada la información, verá el aviso naranja <b>SOLICITUD ENVIADA - PENDIENTE DE "
                "CONFIRMAR</b>. Personal autorizado revisa su DPI y su video y le avisa el resultado en su "
                "casillero electrónico; también recibirá un correo que le indica que tiene una notificación nueva."
            )
            + ul(
                "<b>Verificada</b>: ya puede usar todos los servicios del portal.",
                "<b>Rechazada</b>: la notificación indica el motivo. Corrija lo indicado y envíe de nuevo su DPI y "
                "su video.",
            ),
        ),
        section(
            "Si olvidó su contraseña",
            p("En la página de ingreso dé clic en <b>¿Olvidó su contraseña?</b>. Hay dos formas de recuperarla:")
            + ol(
                "<b>Si recuerda y tiene acceso a su correo electrónico</b>: escriba su número de DPI y las letras de "
                "la imagen y dé clic en <b>Recuperar Contraseña</b>. Le enviaremos un enlace de un solo uso para "
                "crear una contraseña nueva. Por seguridad, el portal nunca envía contraseñas por correo.",
                "<b>Si no recuerda o no tiene acceso a su correo electrónico</b>: escriba su número de DPI, su "
                "fecha de nacimiento y su nuevo correo electrónico dos veces. Confirme el correo nuevo con el "
                "enlace que le enviaremos; después, personal autorizado revisa y aprueba el cambio y entonces "
                "recibirá en el correo nuevo el enlace para crear su contraseña. El correo anterior recibe un aviso.",
            )
            + p(
                "Recuerde que el correo electrónico solo le sirve para recuperar el acceso y para avisarle de "
                "notificaciones nuevas: toda notificación oficial está en su casillero electrónico dentro del portal."
            ),
        ),
    ]


CERTIFICATION = {
    "title": "Solicitud de Certificación de Servicios",
    "slug": "solicitud-de-certificacion-de-servicios",
    "intro": (
        "Cómo solicitar en línea la Certificación de Servicios prestados al Estado, para usted o para un tercero: "
        "requisitos, pago, los cinco pasos de la solicitud, el seguimiento y la recepción de la certificación "
        "firmada electrónicamente."
    ),
    "search_description": "Requisitos, pago con boleta Banrural, documentos, los 5 pasos, seguimiento y terceros.",
}


def certification_body() -> list[dict]:
    return [
        section(
            "Presentación",
            p(
                "La Oficina Nacional de Servicio Civil (ONSEC) emite la certificación de los servicios prestados al "
                "Estado por servidores, ex servidores públicos y demás solicitantes, en atención a lo establecido en "
                "la Ley de Clases Pasivas Civiles del Estado. La emite el Departamento de Registro y Verificación de "
                "Acciones de Recursos Humanos de la Dirección de Carrera Administrativa.",
                "Este servicio en línea se presta en atención al Decreto Número 5-2021 del Congreso de la República "
                "de Guatemala, Ley para la Simplificación de Requisitos y Trámites Administrativos, que busca "
                "modernizar la gestión administrativa por medio de la simplificación, agilización y digitalización "
                "de los trámites.",
            ),
        ),
        section(
            "¿Quién puede solicitarla?",
            p(
                "Los servidores y ex servidores públicos, entiéndase funcionarios o empleados de los Organismos "
                "Legislativo, Ejecutivo y Judicial, de la Corte de Constitucionalidad, del Tribunal Supremo "
                "Electoral o de entidades descentralizadas o autónomas, que contribuyan al Régimen de Clases Pasivas "
                "Civiles del Estado, y en general quien necesite acreditar sus servicios prestados al Estado o los de "
                "un tercero."
            ),
        ),
        section(
            "Requisitos",
            p("Antes de iniciar su solicitud:")
            + ul(
                "Tenga una cuenta en el portal con su correo confirmado, sus datos personales completos y su "
                "identidad verificada (vea el instructivo de registro).",
                "Haga un depósito monetario o una transferencia electrónica en el Banco de Desarrollo Rural "
                "(BANRURAL) por el valor de la certificación, a la cuenta que se indica abajo.",
                "Tenga en formato PDF o imagen (jpg, jpeg), de forma legible: su DPI (anverso y reverso), su "
                "afiliación al IGSS o la constancia de afiliación extendida por el mismo instituto, el comprobante "
                "del depósito o de la transferencia y, si los tiene, otros documentos que respalden el tiempo de "
                "servicio que solicita.",
            ),
        ),
        payment(),
        callout(
            "info",
            "Hojas adicionales",
            p(
                "Si recoge la Certificación de Servicios en la Ventanilla de Certificación de Servicios de la Oficina "
                "Nacional de Servicio Civil, se cobrará Q2.50 por hoja adicional al momento de entregarla."
            ),
        ),
        step(
            "Entre a Certificación de Servicios",
            p(
                "Ingrese al portal con su correo o CUI y su contraseña. En su Tablero dé clic en <b>Certificación de "
                'Servicios</b> para ver <a href="/certificaciones/">Mis Solicitudes</a>. En la parte superior verá '
                "el aviso con el valor del depósito y la cuenta bancaria."
            ),
        ),
        step(
            "Cree la solicitud",
            p(
                "Dé clic en <b>Crear Solicitud</b>. El portal le preguntará <i>«¿Está seguro de crear una solicitud de "
                "Certificación de Servicios?»</i>: confirme con <b>Sí</b>.",
                "La solicitud recibe un número y queda en estado <b>En Creación</b>. Puede completarla en ese momento "
                "o continuar después desde Mis Solicitudes: todo lo que guarde se conserva.",
            ),
        ),
        step(
            "Revise los Datos Generales",
            p(
                "Sección 1 de la solicitud. Se muestran sus datos generales e identificación tal como están en "
                "su perfil. Si hay algún error, "
                "corríjalo en <b>Mis datos personales</b> y regrese. Si todo está bien, dé clic en <b>Continuar</b>."
            ),
        ),
        step(
            "Agregue la certificación de servicios a solicitar",
            p(
                "Sección 2 de la solicitud. Agregue cada tiempo de servicio que necesita certificar. Llene los "
                "campos y dé clic en <b>Cargar "
                "Tiempo de Servicio a la Solicitud</b>; el período aparece en la tabla <i>Servicios Solicitados</i>, "
                "donde también puede quitarlo. Al terminar, dé clic en <b>Continuar</b>."
            ),
            fields=[
                ("Institución", "Elija de la lista la institución donde prestó sus servicios.", True),
                ("Dependencia", "Especifique el lugar o la ubicación donde prestó sus servicios.", True),
                ("Título del puesto", "El puesto que ocupó, por ejemplo «Asistente Profesional IV».", True),
                (
                    "Inicio y Fin",
                    "Fechas del período en formato dd/mm/aaaa. El inicio no puede ser posterior al fin, ninguna puede "
                    "ser futura y los períodos de una misma solicitud no pueden traslaparse.",
                    True,
                ),
                ("Renglón", "El renglón presupuestario del puesto: 011, 021 o 022.", True),
                (
                    "Departamento y Municipio",
                    "Donde prestó el servicio; la lista de municipios depende del departamento elegido.",
                    True,
                ),
            ],
        ),
        step(
            "Registre la información de la boleta",
            p(
                "Sección 3 de la solicitud. Elija la <b>Modalidad de Pago</b> que utilizó y escriba los datos "
                "tal como aparecen en su "
                "comprobante. Luego dé clic en <b>Continuar</b>."
            ),
            fields=[
                (
                    "Modalidad de Pago",
                    "Boleta Banrural, si pagó con depósito monetario en una agencia, o Transferencia Electrónica "
                    "Banrural, si pagó en línea.",
                    True,
                ),
                (
                    "Número de boleta o de referencia de la transferencia",
                    "El número de la boleta de depósito o la referencia de la transferencia, tal como aparece en el "
                    "comprobante.",
                    True,
                ),
                (
                    "Fecha de depósito o de transferencia",
                    "La fecha del comprobante, en formato dd/mm/aaaa.",
                    True,
                ),
            ],
            callout=(
                "advertencia",
                "Un comprobante, una solicitud",
                p(
                    "Un mismo número de boleta o de transferencia no puede usarse en más de una solicitud. La fecha "
                    "del pago no puede ser futura."
                ),
            ),
        ),
        step(
            "Adjunte los documentos de respaldo",
            p(
                "Sección 4 de la solicitud. Adjunte cada documento con <b>Cargar documento</b>. Puede verlo con "
                "<b>Ver Documento</b> y "
                "reemplazarlo si se equivocó. Tipos permitidos: jpg, jpeg y pdf; el portal revisa el contenido de "
                "cada archivo, no solo su nombre. Al terminar dé clic en <b>Continuar</b>."
            ),
            fields=[
                ("DPI de ambos lados", "Anverso y reverso del DPI del interesado en un solo archivo.", True),
                (
                    "Afiliación al IGSS",
                    "Carné de afiliación o constancia de afiliación extendida por el IGSS.",
                    True,
                ),
                ("Depósito Monetario", "Comprobante del depósito o de la transferencia electrónica en Banrural.", True),
                (
                    "Otros Documentos",
                    "Otros documentos que respalden el tiempo de servicio requerido; indique en «Especificar» qué es "
                    "cada uno.",
                    False,
                ),
            ],
            callout=(
                "importante",
                "Importante",
                p(
                    "Las imágenes de los documentos deben ser legibles y claras para considerarse válidas. La opción "
                    "de otros documentos aplica cuando el servidor público cuente con los mismos."
                ),
            ),
        ),
        step(
            "Revise y envíe con Solicitar CS",
            p(
                "Sección 5 de la solicitud. El portal valida el contenido de las cuatro secciones anteriores y "
                "le muestra el resultado de cada "
                "una: <i>«No se detectaron inconsistencias»</i> o la lista de lo que falta corregir.",
                "Con <b>Ver Solicitud</b> puede revisar toda su solicitud. Si todo está correcto, dé clic en "
                "<b>Solicitar CS</b> y confirme. El botón <b>Solicitar CS</b> solo aparece cuando la solicitud está "
                "completa: si falta algo, complete lo indicado como pendiente.",
            ),
        ),
        step(
            "Dé seguimiento a su solicitud",
            p(
                "En <b>Mis Solicitudes</b> verá el número de solicitud, el interesado, la fecha de la última "
                "actualización, el estado y si es electrónica o para un tercero. Puede filtrar por estado y buscar. "
                "Dé clic en el ícono en forma de <b>reloj</b> para ver el historial: No., Fecha, Estado y Observación."
            )
            + ul(
                "<b>En Creación</b>: usted la está llenando.",
                "<b>Solicitada</b>: la envió y espera que un analista la tome.",
                "<b>En Revisión</b>: un analista revisa sus datos y documentos.",
                "<b>Con Observaciones</b>: debe corregir lo que indica la observación y volver a enviarla.",
                "<b>Rechazada</b>: la observación explica el motivo.",
                "<b>Aprobada</b>: la certificación está en firma.",
                "<b>Emitida</b>: su certificación está lista para descargar.",
            )
            + p("Cada cambio de estado le llega como notificación a su casillero electrónico."),
        ),
        step(
            "Solicite la certificación de un tercero",
            p(
                "También puede solicitar la Certificación de Servicios a nombre de otra persona. Entre a "
                '<a href="/certificaciones/terceros/">Terceros asociados</a>, dé clic en <b>Crear Registro</b>, '
                "llene los datos generales, de identificación y de contacto de la persona, su parentesco y si aún "
                "vive, y dé clic en <b>Enviar</b>.",
                "En el listado de personas asociadas dé clic en el botón con el signo más (<b>+</b>) y confirme para "
                "crear una solicitud a nombre de esa persona. La solicitud aparece en Mis Solicitudes como <i>Para "
                "Un Tercero</i> y se completa y se sigue igual que las propias.",
            ),
        ),
        step(
            "Reciba su certificación",
            p(
                "Cuando su certificación sea emitida recibirá una notificación en su casillero electrónico. Entre a "
                '<a href="/certificaciones/emitidas/">Mi Certificación de Servicios</a>, donde verá el número de '
                "solicitud, el tipo de certificación y la fecha de entrega, y dé clic en el ícono de la derecha para "
                "verla y descargarla.",
                "La certificación cuenta con tres firmas electrónicas en la última hoja y con un código QR: "
                "cualquier persona puede escanearlo para comprobar que es auténtica y que sigue vigente.",
            ),
        ),
    ]
