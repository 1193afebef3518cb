using System.Net;
using System.Text.Json;
using Commitments.Core.Identity;
using Commitments.Core.Tenancy;
using Commitments.Tests.Infrastructure;
using Commitments.Web.Privacy;
using Commitments.Web.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Commitments.Tests.Privacy;

/// <summary>
/// AVG through the pages: a user downloads their own data (and nobody else's), asks for removal,
/// an administrator sees the request and anonymises the account; the commitments that named the
/// person stay, readable, and the report still builds.
/// </summary>
public sealed class PrivacyPagesTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    // The contact person of Provincie Drenthe's commitments in the demo data, given an account here.
    private const string Anouk = "a.mulder@drenthe.techniekpact.test";

    [Fact]
    public async Task A_contact_downloads_only_her_own_data_asks_for_removal_and_an_administrator_anonymises_her_while_the_commitments_stay()
    {
        var anoukId = await CreateAccountAsync();
        int[] hers;
        await using (var db = app.CreateAdminDbContext())
        {
            hers = await db.Commitments.Where(c => c.ContactEmail == Anouk).Select(c => c.Id).ToArrayAsync();
        }
        Assert.NotEmpty(hers);

        using var anouk = await app.SignInAsync(Anouk);
        var (page, _) = await anouk.GetPageAsync("/Account/Privacy");
        Assert.True(page.StatusCode == HttpStatusCode.OK, await page.Content.ReadAsStringAsync());
        var download = await anouk.GetAsync("/Account/Privacy?handler=Download");
        Assert.Equal("application/json", download.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", download.Headers.CacheControl?.ToString());
        var text = await download.Content.ReadAsStringAsync();
        using (var json = JsonDocument.Parse(text))
        {
            var root = json.RootElement;
            Assert.Equal(Anouk, root.GetProperty("account").GetProperty("email").GetString());
            Assert.Equal("Provincie Drenthe", root.GetProperty("organization").GetProperty("name").GetString());
            Assert.Equal([Roles.Partner], root.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
            Assert.Equal(hers.Order(), root.GetProperty("commitmentsAsContact").EnumerateArray().Select(c => c.GetProperty("id").GetInt32()).Order());
            Assert.Contains(root.GetProperty("history").EnumerateArray(), h => h.GetProperty("action").GetString() == "account.signed-in");
        }
        // Nobody else's: not the colleague of the same organisation, not another contact person.
        Assert.DoesNotContain(DemoAccounts.PartnerDrenthe, text);
        Assert.DoesNotContain("h.bosma@", text);
        Assert.DoesNotContain(DemoAccounts.Admin, text);

        using (var colleague = await app.SignInAsync(DemoAccounts.PartnerDrenthe))
        {
            var theirs = await (await colleague.GetAsync("/Account/Privacy?handler=Download")).Content.ReadAsStringAsync();
            Assert.Contains(DemoAccounts.PartnerDrenthe, theirs);
            Assert.DoesNotContain(Anouk, theirs);
            Assert.DoesNotContain("Anouk", theirs);
        }

        var requested = await anouk.PostFormAsync("/Account/Privacy?handler=Removal", ("Reason", "Ik werk niet meer bij de provincie."));
        Assert.Contains("Uw verzoek is ontvangen", await requested.Content.ReadAsStringAsync());

        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        var (_, users) = await admin.GetPageAsync("/Admin/Users");
        var request = users.QuerySelector($"#removal-requests ~ ul a[href='/Admin/Users/Anonymize/{anoukId}']");
        Assert.NotNull(request);
        Assert.Equal(Anouk, request.TextContent);
        var (confirm, confirmPage) = await admin.GetPageAsync($"/Admin/Users/Anonymize/{anoukId}");
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Contains("Ik werk niet meer bij de provincie.", confirmPage.Body!.TextContent);
        var done = await admin.PostFormAsync($"/Admin/Users/Anonymize/{anoukId}");
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);

        // She can no longer sign in, and her open session ends at its next check.
        using (var again = app.Anonymous())
        {
            var signIn = await again.SignInAsync(Anouk, CommitmentsWebFactory.Password);
            Assert.NotEqual("/", signIn.Headers.Location?.OriginalString);
        }
        app.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.True(TestBrowser.IsRedirectToLogin(await anouk.GetAsync("/Commitments")));

        await using (var db = app.CreateAdminDbContext())
        {
            Assert.False(await db.Users.AnyAsync(u => u.NormalizedEmail == Anouk.ToUpperInvariant()));
            var user = await db.Users.SingleAsync(u => u.Id == anoukId);
            Assert.Equal(AccountAnonymizer.AnonymousName, user.DisplayName);
            Assert.Null(user.PasswordHash);
            var commitments = await db.Commitments.Where(c => hers.Contains(c.Id)).ToListAsync();
            Assert.Equal(hers.Length, commitments.Count);
            Assert.All(commitments, c =>
            {
                Assert.Null(c.ContactEmail);
                Assert.Equal(AccountAnonymizer.AnonymousContactName, c.ContactName);
                Assert.DoesNotContain("Anouk", c.ApprovedContent ?? "");
                Assert.DoesNotContain(Anouk, c.ApprovedContent ?? "");
            });
            Assert.False(await db.AuditEntries.AnyAsync(a => (a.UserName != null && a.UserName.Contains("mulder")) || (a.Details != null && a.Details.Contains("mulder"))));
            Assert.False(await db.OutboxMessages.AnyAsync(m => m.To.Contains("mulder")));
        }

        // The commitments stay readable to their organisation, without her name, and the report builds.
        using (var colleague = await app.SignInAsync(DemoAccounts.PartnerDrenthe))
        {
            var (details, document) = await colleague.GetPageAsync($"/Commitments/Details/{hers[0]}");
            Assert.Equal(HttpStatusCode.OK, details.StatusCode);
            Assert.DoesNotContain("Anouk", document.Body!.TextContent);
            Assert.Contains(AccountAnonymizer.AnonymousContactName, document.Body.TextContent);
        }
        using (var noord = await app.SignInAsync(DemoAccounts.TrekkerNoord))
        {
            var report = await noord.GetAsync("/Reports?handler=Download&year=2018");
            Assert.Equal(HttpStatusCode.OK, report.StatusCode);
            Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", report.Content.Headers.ContentType?.MediaType);
        }
        var (_, after) = await admin.GetPageAsync("/Admin/Users");
        Assert.Null(after.QuerySelector($"a[href='/Admin/Users/Anonymize/{anoukId}']"));
    }

    [Fact]
    public async Task Only_administrators_open_the_anonymisation_page()
    {
        using var partner = await app.SignInAsync(DemoAccounts.PartnerGroningen);
        Assert.True(TestBrowser.IsAccessDenied(await partner.GetAsync("/Admin/Users/Anonymize/any")));
        using var anonymous = app.Anonymous();
        Assert.True(TestBrowser.IsRedirectToLogin(await anonymous.GetAsync("/Account/Privacy?handler=Download")));
    }

    private async Task<string> CreateAccountAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        using var widened = scope.ServiceProvider.GetRequiredService<DataScopeAccessor>().Widen(DataScope.Everything("test: a contact person's account"));
        var db = scope.ServiceProvider.GetRequiredService<Commitments.Core.Persistence.CommitmentsDbContext>();
        var drenthe = await db.Organizations.Where(o => o.Name == DemoAccounts.Drenthe).Select(o => o.Id).SingleAsync();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = Anouk, Email = Anouk, DisplayName = "Anouk Mulder", OrganizationId = drenthe };
        Assert.True((await users.CreateAsync(user, CommitmentsWebFactory.Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.Partner)).Succeeded);
        return user.Id;
    }
}
