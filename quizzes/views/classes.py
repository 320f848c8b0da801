"""Class pages: the teacher's (under /teach/classes/) and the student's (/classes/, and the
join link /join/<code>/). The rules are the API's: services.classes writes, selectors.classes
reads; another teacher's class is a 404, students get a 403 on the teacher's pages, and
trying a join code is rated as on the API."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from quizzes.models import SchoolClass
from quizzes.rate_limits import WrongJoinCodeThrottle, may_try_a_join_code
from quizzes.selectors import assignments as assignment_reads
from quizzes.selectors import classes as class_reads
from quizzes.services import classes
from quizzes.views.teach import teacher_required

TOO_MANY_TRIES = "You have tried many join codes in the last hour; try again later."
UNKNOWN_CODE = "No class has this code: check it with your teacher (it may have been changed)."


def managed_class(request, class_id) -> SchoolClass:
    return get_object_or_404(class_reads.classes_managed_by(request.user), pk=class_id)


def class_page(request, school_class: SchoolClass, *, errors: dict | None = None, values: dict | None = None):
    """The teacher's page of a class; with `errors` (by form), shown again with a 400."""
    context = {
        "school_class": school_class,
        "members": class_reads.members_of(school_class=school_class),
        "assignments": assignment_reads.class_assignments(school_class_ids=[school_class.pk]),
        "join_link": request.build_absolute_uri(reverse("join", args=[school_class.join_code])),
        "errors": errors or {},
        "values": values or {},
        "nav": "teach_classes",
    }
    return render(request, "quizzes/teach/class.html", context, status=400 if errors else 200)


@teacher_required
def class_list(request):
    """GET: the teacher's classes and the New class form. POST: create one."""
    error, name = None, ""
    if request.method == "POST":
        name = request.POST.get("name", "")
        try:
            school_class = classes.create_class(teacher=request.user, name=name)
        except classes.ClassError as problem:
            error = problem.errors["name"][0]
        else:
            messages.success(request, f"Created “{school_class.name}”. Give your students its code or link.")
            return redirect("teach:class", class_id=school_class.pk)
    context = {
        "school_classes": class_reads.classes_taught_by(user=request.user),
        "name_error": error,
        "name": name,
        "nav": "teach_classes",
    }
    return render(request, "quizzes/teach/class_list.html", context, status=400 if error else 200)


@teacher_required
def class_detail(request, class_id):
    return class_page(request, managed_class(request, class_id))


@teacher_required
@require_POST
def class_rename(request, class_id):
    school_class = managed_class(request, class_id)
    name = request.POST.get("name", "")
    try:
        classes.rename_class(school_class=school_class, name=name)
    except classes.ClassError as problem:
        school_class.refresh_from_db()
        return class_page(
            request, school_class, errors={"name": problem.errors["name"]}, values={"name": name}
        )
    messages.success(request, "Renamed.")
    return redirect("teach:class", class_id=school_class.pk)


@teacher_required
@require_POST
def class_add_members(request, class_id):
    """Usernames, one per line or separated by commas or spaces."""
    school_class = managed_class(request, class_id)
    typed = request.POST.get("usernames", "")
    usernames = typed.replace(",", " ").split()
    try:
        added = classes.add_members(school_class=school_class, usernames=usernames)
    except classes.ClassError as problem:
        return class_page(request, school_class, errors=problem.errors, values={"usernames": typed})
    messages.success(request, f"Added {added} student{'s' if added != 1 else ''}.")
    return redirect("teach:class", class_id=school_class.pk)


@teacher_required
@require_POST
def class_roster(request, class_id):
    school_class = managed_class(request, class_id)
    upload = request.FILES.get("file")
    if upload is None:
        return class_page(request, school_class, errors={"roster": ["Choose a CSV file to upload."]})
    try:
        added = classes.add_roster(school_class=school_class, csv_file=upload)
    except classes.ClassError as problem:
        reasons = [
            f"Line {key}: {' '.join(reasons)}" if isinstance(key, int) else " ".join(reasons)
            for key, reasons in problem.errors.items()
        ]
        return class_page(request, school_class, errors={"roster": reasons})
    messages.success(request, f"Added {added} student{'s' if added != 1 else ''} from the roster.")
    return redirect("teach:class", class_id=school_class.pk)


@teacher_required
@require_POST
def class_remove_member(request, class_id, user_id):
    school_class = managed_class(request, class_id)
    try:
        classes.remove_member(school_class=school_class, user_id=user_id)
    except classes.NotAMember:
        messages.info(request, "They were not in the class any more.")
    else:
        messages.success(request, "Removed from the class.")
    return redirect("teach:class", class_id=school_class.pk)


@teacher_required
def class_rotate(request, class_id):
    """GET asks for confirmation; POST gives the class a new code (the old one stops working)."""
    school_class = managed_class(request, class_id)
    if request.method == "POST":
        classes.rotate_join_code(school_class=school_class)
        messages.success(request, f"The new code is {school_class.join_code}; the old one no longer works.")
        return redirect("teach:class", class_id=school_class.pk)
    context = {"school_class": school_class, "nav": "teach_classes"}
    return render(request, "quizzes/teach/class_rotate.html", context)


@teacher_required
def class_delete(request, class_id):
    school_class = managed_class(request, class_id)
    if request.method == "POST":
        name = school_class.name
        classes.delete_class(school_class=school_class)
        messages.success(request, f"Deleted “{name}”.")
        return redirect("teach:classes")
    context = {
        "school_class": school_class,
        "member_count": school_class.memberships.count(),
        "nav": "teach_classes",
    }
    return render(request, "quizzes/teach/class_delete.html", context)


def my_classes_page(request, *, join_code: str = "", error: str | None = None, status: int = 200):
    context = {
        "memberships": class_reads.memberships_of_user(user=request.user),
        "join_code": join_code,
        "join_error": error,
        "nav": "classes",
    }
    return render(request, "quizzes/classes.html", context, status=status)


def joined(request, school_class: SchoolClass):
    if school_class.teacher_id == request.user.pk:
        messages.info(request, "You teach this class.")
        return redirect("teach:class", class_id=school_class.pk)
    messages.success(request, f"You are in “{school_class.name}”. Its sets are first on your Study page.")
    return redirect("classes")


@login_required
def my_classes(request):
    """GET: the classes the student is in and a form to join one by code. POST: join."""
    if request.method != "POST":
        return my_classes_page(request)
    join_code = request.POST.get("join_code", "")
    if not may_try_a_join_code(request):
        return my_classes_page(request, join_code=join_code, error=TOO_MANY_TRIES, status=429)
    try:
        school_class = classes.join_class(user=request.user, join_code=join_code)
    except classes.UnknownJoinCode:
        WrongJoinCodeThrottle().record(request)
        return my_classes_page(request, join_code=join_code, error=UNKNOWN_CODE, status=404)
    except classes.ClassFull as full:
        return my_classes_page(request, join_code=join_code, error=str(full), status=400)
    return joined(request, school_class)


@login_required
@require_POST
def leave(request, class_id):
    school_class = get_object_or_404(class_reads.classes_visible_to(request.user), pk=class_id)
    try:
        classes.leave_class(school_class=school_class, user=request.user)
    except classes.NotAMember:
        messages.info(request, "You were not in that class.")
    else:
        messages.success(request, f"You left “{school_class.name}”.")
    return redirect("classes")


@login_required
def join_link(request, join_code):
    """The join link: GET names the class and its teacher and asks; POST joins. Opening it
    is a try at a code, rated like one (the page tells whether a code exists)."""
    if not may_try_a_join_code(request):
        return my_classes_page(request, join_code=join_code, error=TOO_MANY_TRIES, status=429)
    try:
        school_class = classes.class_for_code(join_code)
    except classes.UnknownJoinCode:
        WrongJoinCodeThrottle().record(request)
        return my_classes_page(request, join_code=join_code, error=UNKNOWN_CODE, status=404)
    if request.method == "POST":
        try:
            return joined(request, classes.join_class(user=request.user, join_code=join_code))
        except classes.ClassFull as full:
            return my_classes_page(request, join_code=join_code, error=str(full), status=400)
    already = school_class.memberships.filter(user=request.user).exists()
    context = {"school_class": school_class, "already": already, "nav": "classes"}
    return render(request, "quizzes/join.html", context)
