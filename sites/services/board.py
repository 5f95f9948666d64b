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

A **Cộng tác viên** (collaborator, issue 15) is no board member: the group gets Wagtail's "add" on the
page tree (create pages and edit his own drafts, submit them to the 3-step workflow; no "change",
"publish", "lock" or "unlock", so he never publishes, approves, locks or bulk-publishes), "add" and
"choose" on the root collection (upload his photos and files, pick one from the library), and no
permission at all on questions, comments or the intake inbox: their menus are hidden and their URLs
refused, so he never sees an asker's or a sender's name, address, phone or e-mail. What he creates is
limited to content pages (``COLLABORATOR_PAGE_TYPES``; ``collaborator_may_create``, checked by the
``before_create_page`` hook): never a home page or a section index.

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

from core.editorial_board import (
    BOARD_GROUPS,
    COLLABORATOR_GROUP,
    DEPUTY_GROUP,
    EDITOR_GROUP,
    HEAD_GROUP,
    SECTION_SEPARATOR,
)

from ..models.board import MANAGE_PERMISSION  # app portal, to the head

MEDIA = {"wagtailimages": "image", "wagtaildocs": "document"}
MEDIA_ACTIONS = {
    EDITOR_GROUP: ("add", "choose"),
    DEPUTY_GROUP: ("add", "change", "choose", "delete"),
    HEAD_GROUP: ("add", "change", "choose", "delete"),
    COLLABORATOR_GROUP: ("add", "choose"),
}
# The page types a collaborator drafts (app label, model name): news, articles, legal documents.
COLLABORATOR_PAGE_TYPES = frozenset(
    {("portal", "newspage"), ("portal", "articlepage"), ("portal", "legaldocumentpage")}
)
LOCKOUT_PERMISSIONS = ("view_accessattempt", "delete_accessattempt")  # app axes, to the head


def media_codenames(group_name: str) -> list[tuple[str, str]]:
    """(app label, codename) of the collection permissions of a board group."""
    return [
        (app_label, f"{action}_{model}") for app_label, model in MEDIA.items() for action in MEDIA_ACTIONS[group_name]
    ]


def _grant_media(apps, group) -> None:
    """The group's collection permissions (``media_codenames``) on the root collection, where it exists."""
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    wanted = media_codenames(group.name)
    for permission in Permission.objects.filter(
        content_type__app_label__in=list(MEDIA), codename__in=[codename for _app, codename in wanted]
    ).select_related("content_type"):
        if (permission.content_type.app_label, permission.codename) in wanted:
            GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=permission)


def grant_board_permissions(apps) -> None:
    """Give the board groups of the current schema their collection and lockout permissions."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    groups = {group.name: group for group in Group.objects.filter(name__in=BOARD_GROUPS)}
    for group in groups.values():
        _grant_media(apps, group)
        # Model permissions on images and documents are ignored by Wagtail: none are left to mislead.
        group.permissions.remove(*Permission.objects.filter(content_type__app_label__in=list(MEDIA)))
    head = groups.get(HEAD_GROUP)
    if head is not None:
        head.permissions.add(
            *Permission.objects.filter(content_type__app_label="axes", codename__in=LOCKOUT_PERMISSIONS)
        )
        head.permissions.add(*Permission.objects.filter(content_type__app_label="portal", codename=MANAGE_PERMISSION))


def ensure_collaborator_group(apps) -> None:
    """Create the collaborators' group of the current schema with its rights (see the module doc).

    Only where the board exists (a provisioned site, or the template once its board is made): in a
    freshly migrated schema the provisioning hook calls this again after creating the board. Adds only
    what is missing; running it twice changes nothing."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    if not Group.objects.filter(name=EDITOR_GROUP).exists():
        return
    group, _created = Group.objects.get_or_create(name=COLLABORATOR_GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"))
    root_page = Page.objects.filter(depth=1).first()
    add_page = Permission.objects.filter(content_type__app_label="wagtailcore", codename="add_page").first()
    if root_page is not None and add_page is not None:
        GroupPagePermission.objects.get_or_create(group=group, page=root_page, permission=add_page)
    _grant_media(apps, group)


def is_collaborator_only(user) -> bool:
    """Whether the user's rights on pages are a collaborator's alone (not a superuser, in no board group)."""
    if user.is_superuser:
        return False
    # A member narrowed to sections ("Cộng tác viên · Tin tức") holds his role through the section's group.
    roles = {name.split(SECTION_SEPARATOR, 1)[0] for name in user.groups.values_list("name", flat=True)}
    return COLLABORATOR_GROUP in roles and not roles & set(BOARD_GROUPS)


def collaborator_may_create(user, page_class) -> bool:
    """Whether the user may create a page of this type: anyone may as far as Wagtail lets him, a
    collaborator only a content page (``COLLABORATOR_PAGE_TYPES``)."""
    if not is_collaborator_only(user):
        return True
    return (page_class._meta.app_label, page_class._meta.model_name) in COLLABORATOR_PAGE_TYPES
