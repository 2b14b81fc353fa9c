using Bunit;
using Dashboard.Data.Entities;
using Dashboard.Notifications;
using Dashboard.Security;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Dashboard.Tests.Unit.Components.Pages.Notifications;

/// <summary>
/// Seeds what the notification pages work on: the default templates, and a plan retiring variation 0 of a flag that two
/// consumers still get (one with two contacts, one whose name needs HTML encoding) while a third has migrated.
/// </summary>
public abstract class NotificationPageTest : SundialComponentTest
{
    protected DeprecationPlan Plan { get; private set; } = default!;

    protected Consumer Acme { get; private set; } = default!;

    protected Consumer Smith { get; private set; } = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Services.GetRequiredService<NotificationTemplateSeeder>().SeedMissingAsync();
        var data = new TestDataBuilder(Time.GetUtcNow());
        var production = data.Environment("production", isDefault: true);
        var flag = data.Flag(production, "use-new-format", legacyVariations: [0]);
        Acme = data.Consumer(production, "acme");
        Acme.DisplayName = "Acme Corp";
        data.Contact(Acme, "ops@acme.example");
        data.Contact(Acme, "dev@acme.example");
        Smith = data.Consumer(production, "smith");
        Smith.DisplayName = "Smith & <Sons>";
        data.Contact(Smith, "it@smith.example");
        var migrated = data.Consumer(production, "migrated");
        data.Contact(migrated, "done@migrated.example");
        data.Rollup(flag, Acme, variation: 0, count: 300, age: TimeSpan.FromHours(2), apiVersion: "1.2.0")
            .Rollup(flag, Smith, variation: 0, count: 40, age: TimeSpan.FromHours(5), apiVersion: "1.4.0")
            .Rollup(flag, migrated, variation: 1, count: 900, age: TimeSpan.FromHours(1), apiVersion: "2.0.0");
        Plan = data.Plan(flag, "Retire the v1 format", deprecationInDays: 0, sunsetInDays: 30);
        await data.SaveAsync(Database.Factory);
        SignInAs("notifier@example.com", DashboardRoles.Notifier, DashboardPolicies.View, DashboardPolicies.Notify);
    }

    protected async Task<int> TemplateIdAsync(string key)
    {
        await using var db = Database.CreateContext();
        return await db.NotificationTemplates.Where(t => t.Key == key).Select(t => t.Id).SingleAsync();
    }

    protected static Task SelectAsync<TComponent, T>(IRenderedComponent<TComponent> page, string testId, T value)
        where TComponent : class, Microsoft.AspNetCore.Components.IComponent
    {
        var select = page.FindComponents<MudSelect<T>>().Single(s => Equals(s.Instance.UserAttributes.GetValueOrDefault("data-testid"), testId));
        return select.InvokeAsync(() => select.Instance.SelectOption(value));
    }
}
