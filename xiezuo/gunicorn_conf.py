"""gunicorn's configuration for ``xiezuo serve``: the access log and the error log go
through the same masking filter as the application's log (``core/logging.py``), so neither
holds an ID number or a phone, whatever a URL carries."""

accesslog = "-"
errorlog = "-"
timeout = 120

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal": {"()": "xiezuo.core.logging.MaskPersonalDataFilter"}},
    "formatters": {"plain": {"format": "%(message)s"},
                   "error": {"format": "%(asctime)s [%(process)d] [%(levelname)s] %(message)s"}},
    "handlers": {
        "access": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout",
                   "formatter": "plain", "filters": ["mask_personal"]},
        "error": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr",
                  "formatter": "error", "filters": ["mask_personal"]},
    },
    "root": {"handlers": ["error"], "level": "WARNING"},
    "loggers": {
        "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        "gunicorn.error": {"handlers": ["error"], "level": "INFO", "propagate": False},
    },
}
