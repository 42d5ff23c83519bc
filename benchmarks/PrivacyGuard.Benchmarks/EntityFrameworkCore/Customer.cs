namespace PrivacyGuard.Benchmarks.EntityFrameworkCore;

/// <summary>
/// The benchmarked entity: two pseudonymized properties (e-mail, user name) and three encrypted ones (name, settings,
/// notes). The attributes only take effect in a context that calls <c>UsePrivacyGuard</c>, so the plain context maps
/// the same class to plain columns; the benchmark checks that at start-up.
/// </summary>
/// <remarks>
/// The subject id is its own column rather than the key, so that 1,000 rows can belong to 50 subjects.
/// </remarks>
public sealed class Customer
{
    public Guid Id { get; set; }

    [DataSubjectId]
    public Guid SubjectId { get; set; }

    [PersonalData(PersonalDataCategory.Email)]
    public string Email { get; set; } = "";

    [PersonalData(PersonalDataCategory.UserName)]
    public string UserName { get; set; } = "";

    [PersonalData(PersonalDataCategory.Name)]
    public string RealName { get; set; } = "";

    [PersonalData(PersonalDataCategory.AccountSettings)]
    public string Settings { get; set; } = "";

    [PersonalData(PersonalDataCategory.FreeText)]
    public string Notes { get; set; } = "";

    public static Customer Create(int i, Guid subjectId) => new()
    {
        Id = Guid.NewGuid(),
        SubjectId = subjectId,
        Email = $"customer.{i}@example.com",
        UserName = $"customer{i}",
        RealName = $"Customer Number {i}",
        Settings = $$"""{"theme":"dark","language":"en","newsletter":{{(i % 2 == 0 ? "true" : "false")}}}""",
        Notes = $"Called on day {i % 28 + 1} about an order; prefers e-mail, not phone, before noon.",
    };
}
