namespace Commitments.Tests.Security;

/// <summary>
/// Who may use which route: every page handler and endpoint of the application, one line each, with
/// the answer each role must get. <see cref="RouteRoleMatrixTests"/> checks that this table names
/// exactly the routes the application has (a new page or handler fails the test until it has a line
/// here; a line for a route that is gone fails too) and that every role gets what its column says.
/// </summary>
/// <remarks>
/// <para>A line: <c>METHOD /route Handler target expectations</c>, separated by spaces.</para>
/// <list type="bullet">
/// <item>METHOD /route Handler: as the application names it (see <see cref="RouteInventory"/>), route
/// constraints left out; <c>-</c> for the page's own handler (OnGet/OnPost). ANY: an endpoint that takes
/// every method (the request is a GET).</item>
/// <item>target: what fills the route and query, <c>-</c> for nothing, else <c>name=value</c> pairs
/// joined by <c>&amp;</c>; a value <c>@name</c> is a record of the arranged data (see
/// <see cref="RouteRoleMatrixTests"/>): <c>@draft</c>, <c>@returned</c>, <c>@submitted</c>,
/// <c>@approved</c> (commitments of partner A, region A), <c>@update</c> (a submitted progress update of
/// @approved), <c>@evidence</c> (its evidence file), <c>@user</c>, <c>@organization</c>, <c>@theme</c>,
/// <c>@cycle</c>, <c>@invitation</c>, <c>@failedmail</c>, <c>@freezable</c> (a reporting year of its own, for
/// the administrator to freeze), <c>@frozenregion</c> / <c>@frozennational</c> (the landsdeel Noord and
/// national files of a frozen year), <c>@run</c> (a finished report run of partner A), <c>@departed</c> (an
/// account for the administrator to anonymise), <c>@toolong</c> (a text longer than a form takes). Names of route parameters fill the path,
/// the rest goes into the query.</item>
/// <item>expectations, one letter per role in the order of <see cref="Roles"/>:
/// <b>A</b> allowed (2xx, a redirect that is not a refusal, or 409 for a post whose version is stale:
/// the handler ran and refused the form, not the user), <b>D</b> denied (anonymous: redirect to the
/// sign-in page; signed in: 403 or the access-denied page), <b>N</b> not found (404: another tenant's
/// record is as absent as one that does not exist).</item>
/// </list>
/// <para>Roles (columns): an = anonymous, pA = partner in region A (Provincie Drenthe, Noord), pB = partner
/// in region B (Techniekcollege Limburg, Zuid), co = co-partner of partner A (Gemeente Emmen, named on
/// @submitted and @approved, not on @draft or @returned), lA / lB = regional lead of Noord / Zuid,
/// mi = ministry (OCW), ad = administrator.</para>
/// <para>Posts carry a valid anti-forgery token and a version no record has, nothing else: an allowed
/// post answers with its validation messages, a "changed meanwhile" notice or a redirect, and changes
/// nothing, except the administrator's (de)activations of @user and @organization, the revocation of
/// @invitation, the retry of @failedmail, the freeze of @freezable and the anonymisation of @departed, whose
/// targets no role of the matrix uses, the report runs every role asks for, and "sign out everywhere",
/// after which every role signs in afresh.</para>
/// </remarks>
public static class RouteRoleMatrix
{
    public static readonly string[] Roles = ["an", "pA", "pB", "co", "lA", "lB", "mi", "ad"];

    public const string Table = """
        # METHOD route                                      handler            target                      an pA pB co lA lB mi ad
        ANY    /health                                       -                  -                           A  A  A  A  A  A  A  A
        ANY    /beheer/taken/{**path}                        -                  path=recurring              D  D  D  D  D  D  D  A
        GET    /                                             -                  -                           D  A  A  A  A  A  A  A
        GET    /Culture                                      -                  -                           A  A  A  A  A  A  A  A
        POST   /Culture                                      -                  culture=nl-NL               A  A  A  A  A  A  A  A
        GET    /Error                                        -                  code=404                    A  A  A  A  A  A  A  A
        POST   /Error                                        -                  -                           A  A  A  A  A  A  A  A

        # Accounts. The access-denied page answers 403 by design, to everyone.
        GET    /Account/AccessDenied                         -                  -                           D  D  D  D  D  D  D  D
        GET    /Account/Login                                -                  -                           A  A  A  A  A  A  A  A
        POST   /Account/Login                                -                  -                           A  A  A  A  A  A  A  A
        GET    /Account/Logout                               -                  -                           D  A  A  A  A  A  A  A
        POST   /Account/Logout                               -                  -                           D  A  A  A  A  A  A  A
        GET    /Account/ForgotPassword                       -                  -                           A  A  A  A  A  A  A  A
        POST   /Account/ForgotPassword                       -                  -                           A  A  A  A  A  A  A  A
        GET    /Account/ResetPassword                        -                  -                           A  A  A  A  A  A  A  A
        POST   /Account/ResetPassword                        -                  -                           A  A  A  A  A  A  A  A
        GET    /Account/AcceptInvitation                     -                  token=onbekend              A  A  A  A  A  A  A  A
        POST   /Account/AcceptInvitation                     -                  token=onbekend              A  A  A  A  A  A  A  A
        GET    /Account/Password                             -                  -                           D  A  A  A  A  A  A  A
        POST   /Account/Password                             -                  -                           D  A  A  A  A  A  A  A

        # Two-step verification (ADR-0017). The second-step pages need Identity's short-lived cookie from the
        # password step; without it they send everyone, signed in or not, back to the sign-in page (no refusal).
        # Posts carry no code: the set-up page answers with its validation message (or, for an account that
        # has it on, sends to the security page), the second-step posts send to the sign-in page.
        GET    /Account/LoginWith2fa                         -                  -                           A  A  A  A  A  A  A  A
        POST   /Account/LoginWith2fa                         -                  -                           A  A  A  A  A  A  A  A
        GET    /Account/LoginWithRecoveryCode                -                  -                           A  A  A  A  A  A  A  A
        POST   /Account/LoginWithRecoveryCode                -                  -                           A  A  A  A  A  A  A  A
        GET    /Account/EnableAuthenticator                  -                  -                           D  A  A  A  A  A  A  A
        POST   /Account/EnableAuthenticator                  -                  -                           D  A  A  A  A  A  A  A
        # The account's own security settings. Turning off is refused for ministry and administrator
        # accounts and does nothing for accounts without it; signing out everywhere gets sessions of its own
        # (every role signs in afresh after that line).
        GET    /Account/Security                             -                  -                           D  A  A  A  A  A  A  A
        POST   /Account/Security                             Disable            -                           D  A  A  A  A  A  A  A
        POST   /Account/Security                             RecoveryCodes      -                           D  A  A  A  A  A  A  A
        POST   /Account/Security                             SignOutEverywhere  -                           D  A  A  A  A  A  A  A
        # Privacy (ADR-0018): one's own data only (the id comes from the sign-in). The removal request's
        # reason is too long, so the post answers with its validation message and asks nothing.
        GET    /Account/Privacy                              -                  -                           D  A  A  A  A  A  A  A
        GET    /Account/Privacy                              Download           -                           D  A  A  A  A  A  A  A
        POST   /Account/Privacy                              Removal            Reason=@toolong             D  A  A  A  A  A  A  A
        # The privacy and accessibility statements are public.
        GET    /privacy                                      -                  -                           A  A  A  A  A  A  A  A
        GET    /toegankelijkheid                             -                  -                           A  A  A  A  A  A  A  A

        GET    /Settings/Reminders                           -                  -                           D  A  A  A  D  D  D  D
        POST   /Settings/Reminders                           -                  -                           D  A  A  A  D  D  D  D
        GET    /Invitations/Create                           -                  -                           D  A  A  A  D  D  D  A
        POST   /Invitations/Create                           -                  -                           D  A  A  A  D  D  D  A

        # Commitments: partner A's, in region A.
        GET    /Commitments                                  -                  -                           D  A  A  A  A  A  A  A
        GET    /Commitments/Create                           -                  -                           D  A  A  A  D  D  D  D
        POST   /Commitments/Create                           -                  -                           D  A  A  A  D  D  D  D
        POST   /Commitments/Create                           Submit             -                           D  A  A  A  D  D  D  D
        POST   /Commitments/Create                           AddIndicator       -                           D  A  A  A  D  D  D  D
        POST   /Commitments/Create                           RemoveIndicator    -                           D  A  A  A  D  D  D  D
        POST   /Commitments/Create                           Search             -                           D  A  A  A  D  D  D  D
        POST   /Commitments/Create                           Refresh            -                           D  A  A  A  D  D  D  D
        POST   /Commitments/Create                           AddCoPartner       -                           D  A  A  A  D  D  D  D
        POST   /Commitments/Create                           RemoveCoPartner    -                           D  A  A  A  D  D  D  D
        GET    /Commitments/Details/{id}                     -                  id=@submitted               D  A  N  A  A  N  A  A
        GET    /Commitments/Details/{id}                     -                  id=@draft                   D  A  N  N  A  N  A  A
        POST   /Commitments/Details/{id}                     Submit             id=@returned                D  A  N  N  D  N  D  D
        POST   /Commitments/Details/{id}                     Confirm            id=@submitted               D  D  N  A  D  N  D  D
        POST   /Commitments/Details/{id}                     Decline            id=@submitted               D  D  N  A  D  N  D  D
        GET    /Commitments/Edit/{id}                        -                  id=@returned                D  A  N  N  D  D  D  D
        GET    /Commitments/Edit/{id}                        -                  id=@approved                D  A  N  D  D  D  D  D
        POST   /Commitments/Edit/{id}                        -                  id=@returned                D  A  N  N  D  D  D  D
        POST   /Commitments/Edit/{id}                        -                  id=@approved                D  A  N  D  D  D  D  D
        POST   /Commitments/Edit/{id}                        Submit             id=@returned                D  A  N  N  D  D  D  D
        POST   /Commitments/Edit/{id}                        AddIndicator       id=@returned                D  A  N  N  D  D  D  D
        POST   /Commitments/Edit/{id}                        RemoveIndicator    id=@returned                D  A  N  N  D  D  D  D
        POST   /Commitments/Edit/{id}                        Search             id=@returned                D  A  N  N  D  D  D  D
        POST   /Commitments/Edit/{id}                        Refresh            id=@returned                D  A  N  N  D  D  D  D
        POST   /Commitments/Edit/{id}                        AddCoPartner       id=@approved                D  A  N  D  D  D  D  D
        POST   /Commitments/Edit/{id}                        RemoveCoPartner    id=@approved                D  A  N  D  D  D  D  D
        GET    /Commitments/Delete/{id}                      -                  id=@draft                   D  A  N  N  D  D  D  D
        POST   /Commitments/Delete/{id}                      -                  id=@draft                   D  A  N  N  D  D  D  D
        GET    /Commitments/Withdraw/{id}                    -                  id=@approved                D  A  N  D  D  D  D  D
        POST   /Commitments/Withdraw/{id}                    -                  id=@approved                D  A  N  D  D  D  D  D

        # Reviews of commitments: the lead of the commitment's region, or an administrator.
        GET    /Reviews                                      -                  -                           D  D  D  D  A  A  D  A
        GET    /Reviews/Review/{id}                          -                  id=@submitted               D  D  D  D  A  N  D  A
        POST   /Reviews/Review/{id}                          Approve            id=@submitted               D  D  D  D  A  N  D  A
        POST   /Reviews/Review/{id}                          Return             id=@submitted               D  D  D  D  A  N  D  A

        # Progress of @approved, its submitted update and its evidence file.
        GET    /Progress/Update/{commitmentId}               -                  commitmentId=@approved      D  A  N  A  A  N  A  A
        POST   /Progress/Update/{commitmentId}               -                  commitmentId=@approved      D  A  N  D  D  N  D  D
        POST   /Progress/Update/{commitmentId}               RemoveEvidence     commitmentId=@approved&evidenceId=@evidence   D  A  N  D  D  N  D  D
        GET    /Progress/History/{commitmentId}              -                  commitmentId=@approved      D  A  N  A  A  N  A  A
        GET    /Progress/Evidence/{id}                       -                  id=@evidence                D  A  N  A  A  N  A  A
        GET    /Progress/Review/{progressUpdateId}           -                  progressUpdateId=@update    D  D  D  D  A  N  D  A
        POST   /Progress/Review/{progressUpdateId}           Approve            progressUpdateId=@update    D  D  D  D  A  N  D  A
        POST   /Progress/Review/{progressUpdateId}           Return             progressUpdateId=@update    D  D  D  D  A  N  D  A
        GET    /Progress/NotReported                         -                  -                           D  D  D  D  A  A  A  A

        # Overviews and the annual report (partners: their own organisation's).
        GET    /Regions/Overview                             -                  -                           D  D  D  D  A  A  A  A
        GET    /Reports                                      -                  -                           D  A  A  A  A  A  A  A
        GET    /Reports                                      Download           year=2018                   D  A  A  A  A  A  A  A
        # Report runs (made in the background): the form names only the year; a run is its requester's
        # alone, for anyone else it does not exist. @run is partner A's, ready to download.
        GET    /Reports/Runs                                 -                  -                           D  A  A  A  A  A  A  A
        POST   /Reports/Runs                                 -                  year=2018                   D  A  A  A  A  A  A  A
        GET    /Reports/Runs/Details/{id}                    -                  id=@run                     D  A  N  N  N  N  N  N
        GET    /Reports/Runs/Details/{id}                    Download           id=@run                     D  A  N  N  N  N  N  N
        # Frozen reports (ADR-0016): not for partners; a lead gets only its own landsdeel's file.
        GET    /Reports/Frozen                               -                  -                           D  D  D  D  A  A  A  A
        GET    /Reports/Frozen                               Download           id=@frozenregion            D  D  D  D  A  N  A  A
        GET    /Reports/Frozen                               Download           id=@frozennational          D  D  D  D  N  N  A  A

        # Administration.
        GET    /Admin                                        -                  -                           D  D  D  D  D  D  D  A
        GET    /Admin/Cycles                                 -                  -                           D  D  D  D  D  D  D  A
        GET    /Admin/Cycles/Edit/{id?}                      -                  id=@cycle                   D  D  D  D  D  D  D  A
        POST   /Admin/Cycles/Edit/{id?}                      -                  id=@cycle                   D  D  D  D  D  D  D  A
        GET    /Admin/Cycles/Freeze/{id}                     -                  id=@freezable               D  D  D  D  D  D  D  A
        POST   /Admin/Cycles/Freeze/{id}                     -                  id=@freezable               D  D  D  D  D  D  D  A
        GET    /Admin/Themes                                 -                  -                           D  D  D  D  D  D  D  A
        GET    /Admin/Themes/Edit/{id?}                      -                  id=@theme                   D  D  D  D  D  D  D  A
        POST   /Admin/Themes/Edit/{id?}                      -                  id=@theme                   D  D  D  D  D  D  D  A
        GET    /Admin/Organizations                          -                  -                           D  D  D  D  D  D  D  A
        GET    /Admin/Organizations/Edit/{id?}               -                  id=@organization            D  D  D  D  D  D  D  A
        POST   /Admin/Organizations/Edit/{id?}               -                  id=@organization            D  D  D  D  D  D  D  A
        POST   /Admin/Organizations/Edit/{id?}               Deactivate         id=@organization            D  D  D  D  D  D  D  A
        POST   /Admin/Organizations/Edit/{id?}               Reactivate         id=@organization            D  D  D  D  D  D  D  A
        GET    /Admin/Users                                  -                  -                           D  D  D  D  D  D  D  A
        GET    /Admin/Users/Edit/{id}                        -                  id=@user                    D  D  D  D  D  D  D  A
        POST   /Admin/Users/Edit/{id}                        -                  id=@user                    D  D  D  D  D  D  D  A
        POST   /Admin/Users/Edit/{id}                        FindOrganization   id=@user                    D  D  D  D  D  D  D  A
        POST   /Admin/Users/Edit/{id}                        Deactivate         id=@user                    D  D  D  D  D  D  D  A
        POST   /Admin/Users/Edit/{id}                        Reactivate         id=@user                    D  D  D  D  D  D  D  A
        POST   /Admin/Users/Edit/{id}                        ResetTwoFactor     id=@user                    D  D  D  D  D  D  D  A
        GET    /Admin/Users/Anonymize/{id}                   -                  id=@departed                D  D  D  D  D  D  D  A
        POST   /Admin/Users/Anonymize/{id}                   -                  id=@departed                D  D  D  D  D  D  D  A
        GET    /Admin/Invitations                            -                  -                           D  D  D  D  D  D  D  A
        POST   /Admin/Invitations                            Revoke             id=@invitation              D  D  D  D  D  D  D  A
        GET    /Admin/Reminders                              -                  -                           D  D  D  D  D  D  D  A
        POST   /Admin/Reminders                              RunNow             -                           D  D  D  D  D  D  D  A
        POST   /Admin/Reminders                              Retry              id=@failedmail              D  D  D  D  D  D  D  A
        """;
}
