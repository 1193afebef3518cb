using System.Net;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Commitments;

/// <summary>"Intrekken": a page of its own that asks for the reason and confirmation.</summary>
public sealed class WithdrawTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private Task<HttpResponseMessage> WithdrawAsync(TestBrowser browser, Commitment c, string? reason, string? version = null)
    {
        var fields = new List<KeyValuePair<string, string>> { new("Version", version ?? c.Version.ToString()) };
        if (reason != null)
        {
            fields.Add(new("Reason", reason));
        }
        return browser.PostFormAsync($"/Commitments/Withdraw/{c.Id}", fields);
    }

    [Fact]
    public async Task The_lead_partner_withdraws_with_a_reason_kept_exactly_as_typed()
    {
        const string reason = "  Budget vervallen: <script>alert(1)</script>\n=SUM(A1) \"3/4\" 00123 🙂  ";
        var c = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c => c.Status = CommitmentStatus.Approved);
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        var form = await limburg.PageAsync($"/Commitments/Withdraw/{c.Id}");
        Assert.Equal("Toezegging intrekken", form.QuerySelector("h1")!.TextContent);
        Assert.Contains(c.Title, form.QuerySelector("main p strong")!.TextContent);
        Assert.Equal("Reason", form.QuerySelector("label[for=Reason] + textarea, textarea#Reason")!.GetAttribute("name"));
        Assert.Equal("4000", form.QuerySelector("textarea#Reason")!.GetAttribute("maxlength"));

        var response = await WithdrawAsync(limburg, c, reason);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await app.ReloadAsync(c.Id);
        Assert.Equal(CommitmentStatus.Withdrawn, after.Status);
        Assert.Equal(reason, after.WithdrawalReason);
        Assert.Equal(app.Time.GetUtcNow().UtcDateTime, after.WithdrawnAt);
        var line = Assert.Single(await app.HistoryAsync(c.Id));
        Assert.Equal(AuditActions.CommitmentWithdrawn, line.Action);
        Assert.Equal(reason, HistoryDetails.Parse(line.Details)!.Reason);

        var html = await (await limburg.GetAsync($"/Commitments/Details/{c.Id}")).Content.ReadAsStringAsync();
        var page = TestBrowser.Parse(html);
        Assert.Equal("Ingetrokken", page.QuerySelector("p .status")!.Text());
        Assert.Equal(reason, page.QuerySelector("div.notice .user-text")!.TextContent);
        Assert.Equal(reason, page.QuerySelector("ol.history .user-text")!.TextContent);
        Assert.DoesNotContain("<script>alert", html);
        Assert.Empty(page.QuerySelectorAll("main > .actions")); // nothing more to do with a withdrawn commitment
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n  ")]
    public async Task Withdrawing_needs_a_reason(string? reason)
    {
        var c = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c => c.Status = CommitmentStatus.Submitted);
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        var response = await WithdrawAsync(limburg, c, reason);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = TestBrowser.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Geef de reden van het intrekken op.", page.QuerySelector(".error-summary a[href='#Reason']")!.Text());
        Assert.Equal("true", page.QuerySelector("textarea#Reason")!.GetAttribute("aria-invalid"));
        Assert.Equal(CommitmentStatus.Submitted, (await app.ReloadAsync(c.Id)).Status);
        Assert.Empty(await app.HistoryAsync(c.Id));
    }

    [Fact]
    public async Task A_reason_longer_than_allowed_is_refused_and_kept_in_the_form_not_cut()
    {
        var reason = "\n" + new string('x', Commitment.ReasonMaxLength);
        var c = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c => c.Status = CommitmentStatus.Approved);
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        var response = await WithdrawAsync(limburg, c, reason);

        var page = TestBrowser.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("De reden mag hoogstens 4000 tekens lang zijn.", page.QuerySelector("#Reason_error")!.Text());
        Assert.Equal(reason, page.QuerySelector("textarea#Reason")!.TextContent); // leading line break included
        Assert.Equal(CommitmentStatus.Approved, (await app.ReloadAsync(c.Id)).Status);

        var exactly = new string('y', Commitment.ReasonMaxLength);
        Assert.Equal(HttpStatusCode.Redirect, (await WithdrawAsync(limburg, c, exactly)).StatusCode);
        Assert.Equal(exactly, (await app.ReloadAsync(c.Id)).WithdrawalReason);
    }

    [Fact]
    public async Task A_withdrawal_from_a_stale_page_is_refused()
    {
        var c = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c => c.Status = CommitmentStatus.Approved);
        await using (var db = app.CreateAdminDbContext())
        {
            (await db.Commitments.SingleAsync(x => x.Id == c.Id)).ContactName = "Intussen gewijzigd";
            await db.SaveChangesAsync();
        }
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        var response = await WithdrawAsync(limburg, c, "Reden");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Iemand anders heeft deze toezegging intussen gewijzigd", await response.Content.ReadAsStringAsync());
        Assert.Equal(CommitmentStatus.Approved, (await app.ReloadAsync(c.Id)).Status);
    }

    [Theory]
    [InlineData(CommitmentStatus.Draft)]
    [InlineData(CommitmentStatus.Returned)]
    [InlineData(CommitmentStatus.Withdrawn)]
    public async Task What_cannot_be_withdrawn_is_refused(CommitmentStatus status)
    {
        var c = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c => c.Status = status);
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        Assert.True(TestBrowser.IsAccessDenied(await limburg.GetAsync($"/Commitments/Withdraw/{c.Id}")));
        Assert.True(TestBrowser.IsAccessDenied(await limburg.PostFormAsync($"/Commitments/Withdraw/{c.Id}",
            [new("Reason", "Toch intrekken"), new("Version", c.Version.ToString())], tokenFrom: "/")));
        Assert.Equal(status, (await app.ReloadAsync(c.Id)).Status);
    }

    [Fact]
    public async Task A_regional_lead_cannot_withdraw_a_partners_commitment()
    {
        var c = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c => c.Status = CommitmentStatus.Approved);
        using var zuid = await app.SignInAsync(DemoAccounts.TrekkerZuid);

        Assert.True(TestBrowser.IsAccessDenied(await zuid.PostFormAsync($"/Commitments/Withdraw/{c.Id}",
            [new("Reason", "Trekker trekt in"), new("Version", c.Version.ToString())], tokenFrom: "/")));
        Assert.Equal(CommitmentStatus.Approved, (await app.ReloadAsync(c.Id)).Status);
    }
}
