"""One-time codes (TOTP) as a second sign-in factor: who needs one, enrolment, checking."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from akrim.domain.audit_events import SecondFactorChanged
from akrim.web.accounts.models import User
from akrim.web.audit.services import audit_record

DEVICE_NAME = "authenticator app"


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def needs_second_factor(user: User) -> bool:
    """A user with an enrolled device, or whom an administrator requires to have one."""
    return bool(user.otp_required) or confirmed_device(user) is not None


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device the user is enrolling (one at a time; made on first ask)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> str:
    """The device's provisioning URL as an inline SVG QR code (no image request, no CDN)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    out = io.BytesIO()
    image.save(out)
    text = out.getvalue().decode("utf-8")
    return text[text.index("<svg") :]  # inline: drop the XML declaration


def secret_base32(device: TOTPDevice) -> str:
    """The secret for typing into an app by hand, in groups of four."""
    from base64 import b32encode

    raw = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def code_matches(device: TOTPDevice, code: str) -> bool:
    cleaned = "".join(code.split())
    return cleaned.isdigit() and len(cleaned) == device.digits and device.verify_token(cleaned)


def enrol_confirm(*, user: User, device: TOTPDevice, by: str) -> None:
    """Make ``device`` the user's one device for codes; audited."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(
            SecondFactorChanged(
                actor=by, username=user.username, enrolled=True, required=user.otp_required
            )
        )


def enrolment_remove(*, user: User, by: str) -> None:
    """Remove the user's devices; refused while an administrator requires the second factor."""
    if user.otp_required:
        raise PermissionError("an administrator requires two-step sign-in for this user")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        audit_record(
            SecondFactorChanged(actor=by, username=user.username, enrolled=False, required=False)
        )
