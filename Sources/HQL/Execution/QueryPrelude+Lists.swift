import HubSpotAPI

/// Keeps, of each page of records, those in a list (or, negated, those in none of it): the
/// records' memberships are batch-read, 100 records a request.
struct MembershipCheck: Sendable {
    var listId: String
    var objectTypeId: String
    var negated: Bool

    func keep(_ page: [CRMObject], client: APIClient) async throws -> [CRMObject] {
        guard !page.isEmpty else { return page }
        let members = try await ListCatalog(client: client).members(among: page.map(\.id), objectTypeId: objectTypeId, listId: listId)
        return page.filter { members.contains($0.id) != negated }
    }
}

extension QueryPrelude {
    /// For a plan with a list choice: looks the list up (its size), counts the rest, and returns
    /// the plan to run — (b) the rest with a membership check, or (a) the plan as planned, its
    /// list's id now known so the members are read without a second lookup.
    func chooseListDirection(_ plan: PhysicalPlan) async throws -> (plan: PhysicalPlan, check: MembershipCheck?) {
        guard let choice = plan.listChoice else { return (plan, nil) }
        let info: ListInfo
        if let known = plan.knownLists[choice.list] {
            info = known
        } else {
            info = try await ListCatalog(client: client).resolve(choice.list, objectTypeId: plan.object.typeId)
        }
        var planned = plan
        planned.remember([choice.list: info])
        guard let size = info.size else {
            await client.stats.decided("IN LIST (a): the list's size is not given; its members first")
            return (planned, nil)
        }
        let rest: Int
        if let ids = choice.restIds {
            rest = ids
        } else if let probe = choice.probe {
            rest = try await client.count(plan.object.name, probe)
        } else {
            return (planned, nil)
        }
        let costs = choice.costs(size: size, rest: rest, capabilities: client.capabilities)
        let figures = "list of \(size), \(rest) records without the list condition; besides the list's metadata and the count"
        guard costs.records < costs.members else {
            await client.stats.decided("IN LIST (a): members first, ≈ \(costs.members) requests instead of \(costs.records) (\(figures))")
            return (planned, nil)
        }
        await client.stats.decided("IN LIST (b): the rest of WHERE first, memberships checked, ≈ \(costs.records) requests "
                                   + "instead of \(costs.members) (\(figures))")
        return (choice.rest, MembershipCheck(listId: info.id, objectTypeId: plan.object.typeId, negated: choice.negated))
    }

    /// `COUNT(*)` of a list's members: its size from the metadata, else its members counted.
    static func listSize(_ list: String, plan: PhysicalPlan, client: APIClient) async throws -> Int {
        let info: ListInfo
        if let known = plan.knownLists[list] {
            info = known
        } else {
            info = try await ListCatalog(client: client).resolve(list, objectTypeId: plan.object.typeId)
        }
        if let size = info.size { return size }
        let members = ListMembersSource(client: client, objectTypeId: plan.object.typeId, list: list, listId: info.id)
        var count = 0
        while let page = try await members.next() { count += page.count }
        return count
    }
}

extension PhysicalPlan {
    /// Lists already looked up (by the reference the statement uses), for this plan and the
    /// plans inside it.
    mutating func remember(_ lists: [String: ListInfo]) {
        guard !lists.isEmpty else { return }
        knownLists.merge(lists) { $1 }
        for index in subqueries.indices { subqueries[index].plan.remember(lists) }
        for index in derived.indices { derived[index].remember(lists) }
        listChoice?.rest.remember(lists)
    }
}
