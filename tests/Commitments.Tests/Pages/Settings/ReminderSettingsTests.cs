using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Settings;

public sealed class ReminderSettingsTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    [Fact]
    public async Task A_partner_user_chooses_the_weekly_digest_and_back()
    {
        using var partner = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        await partner.PostFormAsync("/Settings/Reminders", ("WeeklyDigest", "true"));
        await using (var db = app.CreateAdminDbContext())
        {
            Assert.True((await db.Users.SingleAsync(u => u.Email == DemoAccounts.PartnerLimburg)).PrefersWeeklyDigest);
        }
        var (_, page) = await partner.GetPageAsync("/Settings/Reminders");
        Assert.NotNull(page.QuerySelector("#digest[checked]"));

        await partner.PostFormAsync("/Settings/Reminders", ("WeeklyDigest", "false"));
        await using var check = app.CreateAdminDbContext();
        Assert.False((await check.Users.SingleAsync(u => u.Email == DemoAccounts.PartnerLimburg)).PrefersWeeklyDigest);
    }

    [Fact]
    public async Task Only_partners_choose_this()
    {
        using var ministry = await app.SignInAsync(DemoAccounts.Ocw);
        Assert.True(TestBrowser.IsAccessDenied(await ministry.GetAsync("/Settings/Reminders")));
    }
}
