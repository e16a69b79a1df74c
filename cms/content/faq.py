"""*Preguntas frecuentes* taken from what the two manuals explain."""

from . import p, ul

FAQ = {
    "title": "Preguntas frecuentes",
    "slug": "preguntas-frecuentes",
    "intro": "Respuestas breves a las dudas más comunes sobre la cuenta, la verificación de "
    "identidad y la Certificación de Servicios.",
}


def _group(heading: str, *questions: tuple[str, str]) -> dict:
    return {
        "type": "group",
        "value": {"heading": heading, "questions": [{"question": q, "answer": a} for q, a in questions]},
    }


def faq_body() -> list[dict]:
    return [
        _group(
            "Cuenta y registro",
            (
                "¿Qué necesito para registrarme?",
                p(
                    "Su CUI (los 13 dígitos de su DPI), su fecha de nacimiento, un correo electrónico propio y una "
                    "contraseña. Registrarse es el primer paso y lo realizará una sola vez. Vea el instructivo "
                    "<i>Registro de usuario y verificación de identidad</i>."
                ),
            ),
            (
                "¿Cuál es mi usuario?",
                p("Puede ingresar con el correo electrónico con el que se registró o con su CUI, más su contraseña."),
            ),
            (
                "¿Qué reglas debe cumplir la contraseña?",
                p(
                    "Debe tener al menos 8 caracteres, con una letra mayúscula, números y un carácter especial. No "
                    "puede parecerse a sus datos personales ni ser una contraseña común."
                ),
            ),
            (
                "No me llegó el correo para confirmar mi cuenta. ¿Qué hago?",
                p(
                    "Revise la carpeta de correo no deseado. El enlace «Aquí» vence a las 24 horas y sirve una sola "
                    'vez; puede pedir uno nuevo en <a href="/cuenta/confirmar/reenviar/">Reenviar confirmación</a>. '
                    "Mientras no confirme su correo no podrá ingresar."
                ),
            ),
            (
                "Olvidé mi contraseña. ¿Cómo la recupero?",
                p("En la página de ingreso dé clic en «¿Olvidó su contraseña?» y elija una de las dos formas:")
                + ul(
                    "Si recuerda y tiene acceso a su correo: escriba su número de DPI y recibirá un enlace de un solo "
                    "uso para crear una contraseña nueva.",
                    "Si no recuerda o no tiene acceso a su correo: escriba su DPI, su fecha de nacimiento y su nuevo "
                    "correo dos veces; después de confirmar el correo nuevo, personal autorizado aprueba el cambio.",
                )
                + p("Por seguridad, el portal nunca envía contraseñas por correo."),
            ),
            (
                "Mi cuenta dice que está bloqueada. ¿Qué pasó?",
                p(
                    "Después de varios intentos fallidos de ingreso, el acceso desde su conexión se bloquea durante "
                    "30 minutos para proteger su cuenta. Espere y vuelva a intentarlo, o recupere su contraseña."
                ),
            ),
        ),
        _group(
            "Verificación de identidad",
            (
                "¿Por qué debo verificar mi identidad?",
                p(
                    "Para proteger sus trámites: confirma que quien usa la cuenta es la persona titular del DPI. Es "
                    "necesaria para solicitar la Certificación de Servicios."
                ),
            ),
            (
                "¿Qué debo enviar?",
                ul(
                    "Su CUI.",
                    "Imágenes o PDF legibles de su DPI, anverso y reverso (jpg, jpeg, png o pdf, hasta 8 MB cada uno).",
                    "Un video de 3 a 90 segundos en el que diga en español su nombre completo, su CUI y que solicita "
                    "ser parte del Portal de Servicios Electrónicos.",
                ),
            ),
            (
                "¿Cuánto tarda la verificación?",
                p(
                    "Mientras se revisa verá el aviso «SOLICITUD ENVIADA - PENDIENTE DE CONFIRMAR». El resultado le "
                    "llega como notificación a su casillero electrónico y un correo le avisa que tiene una "
                    "notificación nueva."
                ),
            ),
            (
                "Rechazaron mi verificación. ¿Puedo intentarlo de nuevo?",
                p(
                    "Sí. La notificación indica el motivo del rechazo; corrija lo indicado (por ejemplo, una imagen "
                    "borrosa o un video sin audio) y envíe de nuevo su DPI y su video."
                ),
            ),
        ),
        _group(
            "Certificación de Servicios",
            (
                "¿Cuánto cuesta la Certificación de Servicios y cómo la pago?",
                p(
                    "El valor y la cuenta bancaria se muestran en la página de inicio, en el instructivo y en Mis "
                    "Solicitudes. Se paga con depósito monetario (boleta) o con transferencia electrónica en el Banco "
                    "de Desarrollo Rural (BANRURAL) a nombre de la Oficina Nacional de Servicio Civil, antes de "
                    "iniciar la solicitud."
                ),
            ),
            (
                "¿Puedo usar la misma boleta en dos solicitudes?",
                p("No. Cada número de boleta o de transferencia se puede usar en una sola solicitud."),
            ),
            (
                "¿Qué documentos debo adjuntar?",
                ul(
                    "DPI de ambos lados.",
                    "Afiliación al IGSS o constancia de afiliación extendida por el mismo instituto.",
                    "Comprobante del depósito monetario o de la transferencia electrónica en BANRURAL.",
                    "Otros documentos que respalden el tiempo de servicio (opcional).",
                )
                + p("Se aceptan archivos jpg, jpeg y pdf legibles."),
            ),
            (
                "No me aparece el botón «Solicitar CS». ¿Por qué?",
                p(
                    "El botón solo aparece cuando las cuatro secciones de la solicitud están completas. En el paso "
                    "«Solicitar CS» verá la lista de inconsistencias que debe corregir antes de enviarla."
                ),
            ),
            (
                "¿Cómo sé en qué estado está mi solicitud?",
                p(
                    "En Mis Solicitudes verá el estado de cada una. Dé clic en el ícono del reloj para ver el "
                    "historial con la fecha, el estado y la observación de cada cambio. Además, cada cambio le llega "
                    "a su casillero electrónico."
                ),
            ),
            (
                "Mi solicitud quedó «Con Observaciones». ¿Qué hago?",
                p(
                    "Lea la observación en el historial o en su casillero, corrija los datos o documentos indicados y "
                    "vuelva a enviar la solicitud con «Solicitar CS»."
                ),
            ),
            (
                "¿Puedo solicitar la certificación de otra persona?",
                p(
                    "Sí. Registre a la persona en <i>Terceros asociados</i> y use el botón «+» para crear una "
                    "solicitud a su nombre. Se completa y se sigue igual que una solicitud propia."
                ),
            ),
            (
                "¿Dónde descargo mi certificación?",
                p(
                    "Cuando sea emitida, recibirá una notificación. La encontrará en <i>Mi Certificación de "
                    "Servicios</i>, lista para ver y descargar en PDF."
                ),
            ),
            (
                "¿Cómo se comprueba que una certificación es auténtica?",
                p(
                    "Cada certificación tiene tres firmas electrónicas en la última hoja y un código QR. Al escanear "
                    "el código QR se abre la página de verificación del portal, que indica si la certificación es "
                    "auténtica y si sigue vigente."
                ),
            ),
        ),
        _group(
            "Asistencia",
            (
                "¿Cómo pido ayuda?",
                p(
                    "Use uno de los dos servicios de asistencia: <i>Asistencia técnica del portal</i>, para problemas "
                    "con su cuenta o con el uso del portal, o <i>Consultas, sugerencias y reclamos</i>. Recibirá un "
                    "número de caso y la respuesta llegará a su correo."
                ),
            ),
            (
                "¿Qué consultas no se atienden por los servicios de asistencia?",
                ul(
                    "Consulta y revisión de estado de expedientes y resoluciones.",
                    "Asesoría legal.",
                    "Ubicación e información de tribunales.",
                    "Consulta de titulación de abogados.",
                ),
            ),
        ),
    ]
