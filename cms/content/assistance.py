"""The two assistance services with the OJ manual's form fields, notice and feature cards."""

from . import p

# (label, field type, required, choices, help text) — the OJ manual's form, in its order.
FORM_FIELDS = [
    ("Nombres", "person_name", True, "", ""),
    ("Apellidos", "person_name", True, "", ""),
    ("DPI", "cui", True, "", "Los 13 dígitos de su DPI, con o sin espacios."),
    ("Género", "dropdown", True, "Femenino\nMasculino\nPrefiero no indicarlo", ""),
    ("Edad", "age", True, "", "En años cumplidos."),
    ("Teléfono de contacto", "phone", True, "", "8 dígitos, por ejemplo 5555-1234."),
    ("Correo electrónico de contacto", "email", True, "", "Le responderemos a este correo."),
    ("Confirmar correo electrónico de contacto", "email_confirmation", True, "", "Escriba otra vez el mismo correo."),
    (
        "Consulta/Sugerencia/Reclamo",
        "multiline",
        True,
        "",
        "Describa su caso con el mayor detalle posible (hasta 3,000 caracteres).",
    ),
]

EXCLUDED_TOPICS = [
    "Consulta y revisión de estado de expedientes y resoluciones.",
    "Asesoría legal.",
    "Ubicación e información de tribunales.",
    "Consulta de titulación de abogados.",
    "El estado de su solicitud de Certificación de Servicios: consúltelo en Mis Solicitudes con el ícono del reloj.",
]

FEATURES = [
    ("expertos", "Agentes expertos", "Contamos con agentes capacitados para responder cualquiera de sus consultas."),
    (
        "ubicacion",
        "De donde sea",
        "Desde donde se encuentre puede llenar el formulario de asistencia con su teléfono o computadora.",
    ),
    (
        "tiempo",
        "Ahorre tiempo",
        "Reduzca desplazamientos físicos a las instalaciones de las instituciones y unidades administrativas.",
    ),
    ("reloj", "A cualquier hora", "Acceso las 24 horas del día, todos los días del año."),
]

TECHNICAL = {
    "title": "Asistencia técnica del portal",
    "slug": "asistencia-tecnica",
    "show_in_menus": True,
    "search_description": "Ayuda con su cuenta, el registro, la verificación de identidad o el uso del portal.",
    "intro": p(
        "<b>Estamos aquí para asistirle en sus dudas o comentarios.</b> Use este servicio si tiene problemas para "
        "registrarse, confirmar su correo, ingresar, verificar su identidad o usar cualquier pantalla del portal."
    ),
    "thank_you_text": p(
        "Uno de nuestros agentes revisará su caso y le responderá al correo electrónico que indicó, lo más pronto "
        "posible. Guarde su número de caso por si necesita darle seguimiento."
    ),
    "confirmation_message": (
        "Uno de nuestros agentes revisará su caso y le responderá a este correo lo más pronto posible. "
        "Guarde su número de caso por si necesita darle seguimiento."
    ),
}

INQUIRIES = {
    "title": "Consultas, sugerencias y reclamos",
    "slug": "consultas-sugerencias-y-reclamos",
    "show_in_menus": False,
    "search_description": "Envíe una consulta, una sugerencia o un reclamo sobre los servicios electrónicos.",
    "intro": p(
        "<b>Estamos aquí para asistirle en sus dudas o comentarios.</b> Envíenos sus consultas sobre los servicios "
        "electrónicos, sus sugerencias para mejorarlos o un reclamo sobre la atención recibida."
    ),
    "thank_you_text": p(
        "Gracias por escribirnos. Su mensaje será atendido por el personal encargado y recibirá la respuesta en el "
        "correo electrónico que indicó."
    ),
    "confirmation_message": (
        "Su mensaje será atendido por el personal encargado y recibirá la respuesta en este mismo correo. "
        "Gracias por ayudarnos a mejorar."
    ),
}


def topics() -> list[dict]:
    return [{"type": "topic", "value": text} for text in EXCLUDED_TOPICS]


def features() -> list[dict]:
    return [
        {"type": "feature", "value": {"icon": icon, "title": title, "text": text}} for icon, title, text in FEATURES
    ]
