"""The editorial board's rights on a site's images and documents, and the head's on login lockouts.

Wagtail honours only *collection* permissions (``GroupCollectionPermission``) for images and
documents; a group's model permissions on them do nothing. Each board group therefore gets, on the
root collection (so on every collection of the site):

* **Biên tập viên** (step 1, update): add and choose images and documents — upload the photos of
  an article and the file of a legal document, pick one already in the library. Wagtail lets an
  uploader edit (and delete) the files he uploaded himself with "add" alone.
* **Phó trưởng ban** (step 2, edit) and **Trưởng ban** (step 3, approve): add, choose, change and
  delete — edit or delete any file of the library. Wagtail treats deleting as changing (whoever may
  change any file may delete it), so "change" is withheld from step 1 too: deleting or replacing a
  file changes what live pages show without passing the 3-step workflow, so it is kept to the
  board's leadership, who answer for the published content; a step-1 member who finds a wrong
  file of someone else's asks the deputy, who curates the library while editing. (Files a legal
  document holds are protected from deletion anyway; a document is withdrawn through its own
  audited action.)

The head (Trưởng ban) also sees the site's login lockouts and lifts them (``logins``, over
django-axes' attempts), and manages the board's members (``portal.manage_board_members``, the screen
"Thành viên Ban Biên tập" of ``sites.services.members``).

One function for both paths: the provisioning hook of new sites (real models) and the data
migration of existing sites (historical models, ``apps``). It only adds what is missing and removes
the idle model permissions on images and documents, so running it again changes nothing. In a
freshly migrated schema the groups do not exist yet (the provisioning hook creates them) and
django-axes' permissions are created only after migrating: whatever is absent is skipped.
"""

from __future__ import annotations

from core.editorial_board import BOARD_GROUPS, DEPUTY_GROUP, EDITOR_GROUP, HEAD_GROUP

from ..models.board import MANAGE_PERMISSION  # app portal, to the head

MEDIA = {"wagtailimages": "image", "wagtaildocs": "document"}
MEDIA_ACTIONS = {
    EDITOR_GROUP: ("add", "choose"),
    DEPUTY_GROUP: ("add", "change", "choose", "delete"),
    HEAD_GROUP: ("add", "change", "choose", "delete"),
}
LOCKOUT_PERMISSIONS = ("view_accessattempt", "delete_accessattempt")  # app axes, to the head


def media_codenames(group_name: str) -> list[tuple[str, str]]:
    """(app label, codename) of the collection permissions of a board group."""
    return [
        (app_label, f"{action}_{model}") for app_label, model in MEDIA.items() for action in MEDIA_ACTIONS[group_name]
    ]


def grant_board_permissions(apps) -> None:
    """Give the board groups of the current schema their collection and lockout permissions."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    root = Collection.objects.filter(depth=1).first()
    groups = {group.name: group for group in Group.objects.filter(name__in=BOARD_GROUPS)}
    for name, group in groups.items():
        wanted = media_codenames(name)
        permissions = Permission.objects.filter(
            content_type__app_label__in=list(MEDIA), codename__in=[codename for _app, codename in wanted]
        ).select_related("content_type")
        if root is not None:
            for permission in permissions:
                if (permission.content_type.app_label, permission.codename) in wanted:
                    GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=permission)
        # Model permissions on images and documents are ignored by Wagtail: none are left to mislead.
        group.permissions.remove(*Permission.objects.filter(content_type__app_label__in=list(MEDIA)))
    head = groups.get(HEAD_GROUP)
    if head is not None:
        head.permissions.add(
            *Permission.objects.filter(content_type__app_label="axes", codename__in=LOCKOUT_PERMISSIONS)
        )
        head.permissions.add(*Permission.objects.filter(content_type__app_label="portal", codename=MANAGE_PERMISSION))
