"""The home page's service tiles and authorised systems."""

from . import link

HOME_TITLE = "Portal de Servicios Electrónicos"
HOME_INTRO = (
    "Realice en línea sus trámites ante el Estado de Guatemala: solicite su Certificación de "
    "Servicios, verifique su identidad y reciba sus notificaciones oficiales en su casillero electrónico."
)
HOME_BODY = (
    "<p>El portal permite a ciudadanos, servidores y ex servidores públicos gestionar sus servicios "
    "electrónicos desde cualquier lugar, a cualquier hora, con su CUI y una contraseña segura.</p>"
)


def services(*, registration_guide, certification_guide, technical, inquiries, faq) -> list[dict]:
    tiles = [
        (
            "certificado",
            "Certificación de Servicios",
            "Solicite la certificación del tiempo de servicio prestado al Estado, para usted o para un tercero.",
            link(url="/certificaciones/"),
        ),
        (
            "identidad",
            "Verificación de identidad",
            "Envíe su DPI y un video corto para verificar su identidad y usar todos los servicios.",
            link(url="/cuenta/verificar-identidad/"),
        ),
        (
            "casillero",
            "Casillero electrónico",
            "Reciba y consulte las notificaciones oficiales de sus trámites.",
            link(url="/casillero/"),
        ),
        (
            "verificar",
            "Verificar una certificación",
            "Escanee el código QR o escriba el código impreso en una certificación para comprobar que es auténtica.",
            link(url="/verificar/"),
        ),
        (
            "asistencia",
            "Asistencia técnica del portal",
            "¿Problemas con su cuenta o con el portal? Llene el formulario y un agente le responderá.",
            link(page=technical),
        ),
        (
            "asistencia",
            "Consultas, sugerencias y reclamos",
            "Envíenos sus consultas, sugerencias o reclamos sobre los servicios electrónicos.",
            link(page=inquiries),
        ),
        (
            "guia",
            "Instructivo de registro",
            "Paso a paso: crear su cuenta, confirmar su correo y verificar su identidad.",
            link(page=registration_guide),
        ),
        (
            "guia",
            "Instructivo de la Certificación",
            "Requisitos, pago, documentos y los cinco pasos para solicitar su Certificación de Servicios.",
            link(page=certification_guide),
        ),
    ]
    return [
        {"type": "service", "value": {"icon": icon, "title": title, "text": text, "link": target}}
        for icon, title, text, target in tiles
    ]


def authorized_systems() -> list[dict]:
    systems = [
        ("Organismo Judicial", "Portal de servicios del Organismo Judicial de Guatemala.", "https://www.oj.gob.gt/"),
        (
            "Oficina Nacional de Servicio Civil (ONSEC)",
            "Información sobre el Régimen de Clases Pasivas Civiles del Estado y los servicios de la ONSEC.",
            "https://www.onsec.gob.gt/",
        ),
        (
            "Registro Nacional de las Personas (RENAP)",
            "Documento Personal de Identificación (DPI) y registro civil.",
            "https://www.renap.gob.gt/",
        ),
        (
            "Instituto Guatemalteco de Seguridad Social (IGSS)",
            "Afiliación y constancias del seguro social.",
            "https://www.igssgt.org/",
        ),
    ]
    return [
        {"type": "system", "value": {"title": title, "text": text, "link": link(url=url)}}
        for title, text, url in systems
    ]
